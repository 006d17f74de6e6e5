//! Crontab lines described in Vietnamese, through croner's `Language`.

use crate::messages::time::Day;

/// Crontab lines in Vietnamese words, for `wardcast explain`.
#[derive(Default, Clone, Copy)]
pub(super) struct Vietnamese;

impl croner::describe::Language for Vietnamese {
    fn every_minute(&self) -> &'static str {
        "Mỗi phút"
    }
    fn every_second_phrase(&self) -> &'static str {
        "Mỗi giây"
    }
    fn every_x_minutes(&self, step: u16) -> String {
        format!("mỗi {step} phút")
    }
    fn every_x_seconds(&self, step: u16) -> String {
        format!("mỗi {step} giây")
    }
    fn every_x_hours(&self, step: u16) -> String {
        format!("của mỗi {step} giờ")
    }
    fn every_minute_of_every_x_hours(&self, step: u16) -> String {
        format!("Mỗi phút, của mỗi {step} giờ")
    }
    fn at_time(&self, time: &str) -> String {
        format!("Lúc {time}")
    }
    fn at_time_and_every_x_seconds(&self, time: &str, step: u16) -> String {
        format!("Lúc {time}, mỗi {step} giây")
    }
    fn at_time_at_second(&self, time: &str, second: &str) -> String {
        format!("Lúc {time}, giây {second}")
    }
    fn at_phrase(&self, phrase: &str) -> String {
        format!("Lúc {phrase}")
    }
    fn on_phrase(&self, phrase: &str) -> String {
        format!("vào {phrase}")
    }
    fn in_phrase(&self, phrase: &str) -> String {
        format!("trong {phrase}")
    }
    fn second_phrase(&self, second: &str) -> String {
        format!("giây {second}")
    }
    fn minute_phrase(&self, minute: &str) -> String {
        format!("phút {minute}")
    }
    fn minute_past_every_hour_phrase(&self, minute: &str) -> String {
        format!("phút {minute} của mỗi giờ")
    }
    fn hour_phrase(&self, hour: &str) -> String {
        format!("của giờ {hour}")
    }
    fn year_phrase(&self, year: &str) -> String {
        format!("năm {year}")
    }
    fn day_phrase(&self, day: &str) -> String {
        format!("ngày {day}")
    }
    fn the_last_day_of_the_month(&self) -> &'static str {
        "ngày cuối tháng"
    }
    fn the_weekday_nearest_day(&self, day: &str) -> String {
        format!("ngày làm việc gần ngày {day} nhất")
    }
    fn the_last_weekday_of_the_month(&self, day: &str) -> String {
        format!("{day} cuối cùng của tháng")
    }
    fn the_nth_weekday_of_the_month(&self, n: u8, day: &str) -> String {
        match n {
            1 => format!("{day} đầu tiên của tháng"),
            n => format!("{day} thứ {n} của tháng"),
        }
    }
    fn dom_and_dow_if_also(&self, dow: &str) -> String {
        format!("(nếu đó cũng là {dow})")
    }
    fn dom_and_dow_if_also_one_of(&self, dow: &str) -> String {
        format!("(nếu đó cũng là một trong: {dow})")
    }
    fn list_conjunction_and(&self) -> &'static str {
        "và"
    }
    fn list_conjunction_or(&self) -> &'static str {
        "hoặc"
    }
    fn list_conjunction_and_comma(&self) -> &'static str {
        ", và"
    }
    fn day_of_week_names(&self) -> [&'static str; 7] {
        // croner counts from Sunday.
        [
            Day::Sunday,
            Day::Monday,
            Day::Tuesday,
            Day::Wednesday,
            Day::Thursday,
            Day::Friday,
            Day::Saturday,
        ]
        .map(Day::vi_name)
    }
    fn month_names(&self) -> [&'static str; 12] {
        [
            "tháng 1",
            "tháng 2",
            "tháng 3",
            "tháng 4",
            "tháng 5",
            "tháng 6",
            "tháng 7",
            "tháng 8",
            "tháng 9",
            "tháng 10",
            "tháng 11",
            "tháng 12",
        ]
    }
}
