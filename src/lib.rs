//! wardcast: a broadcast-scheduling daemon for a ward radio station. It plays each
//! programme's file on the sound card at the time its crontab lines say, and keeps an
//! append-only log of every airing as evidence for the ward's reports.

pub mod cli;
pub mod config;
pub mod control;
pub mod data_folder;
pub mod dispatch;
pub mod download;
pub mod drift;
pub mod ids;
pub mod ledger;
pub mod library;
pub mod live;
pub mod messages;
pub mod names;
pub mod periods;
pub mod plan;
pub mod player;
pub mod precedence;
pub mod readiness;
pub mod reason;
pub mod receive;
pub mod recording;
pub mod report;
pub mod retry;
pub mod schedule;
pub mod service;
pub mod shutdown;
pub mod sound;
pub mod sqlite;
pub mod station;
pub mod storage;
pub mod users;
pub mod web;
