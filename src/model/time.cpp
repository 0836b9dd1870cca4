#include "gdapcheck/model/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace gdap::model {

namespace {

// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm, proleptic Gregorian).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

Civil civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year =
      static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> k_days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : k_days[static_cast<std::size_t>(month - 1)];
}

bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) {
    return false;
  }
  const auto* first = text.data() + pos;
  const auto [end, error] = std::from_chars(first, first + count, out);
  return error == std::errc() && end == first + count;
}

}  // namespace

std::optional<UnixTime> parse_timestamp(std::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!read_digits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' ||
      !read_digits(text, 5, 2, month) || text[7] != '-' || !read_digits(text, 8, 2, day)) {
    return std::nullopt;
  }
  std::size_t pos = 10;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == ' ')) {
    if (!read_digits(text, pos + 1, 2, hour) || text.size() < pos + 9 || text[pos + 3] != ':' ||
        !read_digits(text, pos + 4, 2, minute) || text[pos + 6] != ':' ||
        !read_digits(text, pos + 7, 2, second)) {
      return std::nullopt;
    }
    pos += 9;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        ++pos;
      }
    }
  }
  int offset_seconds = 0;
  if (pos < text.size()) {
    if (text[pos] == 'Z' && pos + 1 == text.size()) {
      // UTC: offset_seconds stays 0.
    } else if ((text[pos] == '+' || text[pos] == '-') && text.size() == pos + 6 &&
               text[pos + 3] == ':') {
      int offset_hours = 0;
      int offset_minutes = 0;
      if (!read_digits(text, pos + 1, 2, offset_hours) ||
          !read_digits(text, pos + 4, 2, offset_minutes)) {
        return std::nullopt;
      }
      offset_seconds = (offset_hours * 3600 + offset_minutes * 60) * (text[pos] == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  const std::int64_t days =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return days * k_seconds_per_day + std::int64_t{hour} * 3600 + std::int64_t{minute} * 60 + second -
         offset_seconds;
}

std::string format_timestamp(UnixTime time) {
  const std::int64_t days = (time >= 0 ? time : time - (k_seconds_per_day - 1)) / k_seconds_per_day;
  const std::int64_t rest = time - days * k_seconds_per_day;
  const Civil civil = civil_from_days(days);
  // fmt is not a dependency of the model; two-digit fields are built by hand.
  const auto two = [](std::int64_t value) {
    return std::string(1, static_cast<char>('0' + value / 10)) +
           static_cast<char>('0' + value % 10);
  };
  std::string year = std::to_string(civil.year);
  year.insert(0, year.size() < 4 ? 4 - year.size() : 0, '0');
  return year + "-" + two(civil.month) + "-" + two(civil.day) + "T" + two(rest / 3600) + ":" +
         two(rest % 3600 / 60) + ":" + two(rest % 60) + "Z";
}

std::string format_date(UnixTime time) {
  return format_timestamp(time).substr(0, 10);
}

std::int64_t days_between(UnixTime from, UnixTime to) {
  const std::int64_t seconds = to - from;
  return seconds >= 0 ? seconds / k_seconds_per_day
                      : -((-seconds + k_seconds_per_day - 1) / k_seconds_per_day);
}

namespace {

struct DurationUnit {
  char letter;
  std::int64_t seconds;
};

// Largest first: the order a duration is written in.
constexpr std::array<DurationUnit, 4> k_duration_units{
    {{'d', k_seconds_per_day}, {'h', 3600}, {'m', 60}, {'s', 1}}};

}  // namespace

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  constexpr std::int64_t k_longest = 366 * k_seconds_per_day;
  std::int64_t total = 0;
  std::size_t next_unit = 0;  // units must come largest first, each once
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t number = 0;
    const std::size_t digits_from = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      number = number * 10 + (text[i] - '0');
      if (number > k_longest) {
        return std::nullopt;
      }
      ++i;
    }
    if (i == digits_from || i == text.size()) {
      return std::nullopt;  // a unit without a number, or a number without a unit
    }
    const auto* unit = std::find_if(
        k_duration_units.begin() + static_cast<std::ptrdiff_t>(next_unit), k_duration_units.end(),
        [c = text[i]](const DurationUnit& u) { return u.letter == c; });
    if (unit == k_duration_units.end()) {
      return std::nullopt;
    }
    next_unit = static_cast<std::size_t>(unit - k_duration_units.begin()) + 1;
    total += number * unit->seconds;
    if (total > k_longest) {
      return std::nullopt;
    }
    ++i;
  }
  if (total == 0) {
    return std::nullopt;
  }
  return std::chrono::seconds(total);
}

std::string duration_text(std::chrono::seconds duration) {
  std::int64_t left = duration.count();
  if (left <= 0) {
    return "0s";
  }
  std::string text;
  for (const auto& unit : k_duration_units) {
    if (left >= unit.seconds) {
      text += std::to_string(left / unit.seconds);
      text += unit.letter;
      left %= unit.seconds;
    }
  }
  return text;
}

std::optional<std::int64_t> duration_days(std::string_view text) {
  if (text.empty() || text[0] != 'P') {
    return std::nullopt;
  }
  std::int64_t days = 0;
  std::int64_t number = 0;
  bool have_number = false;
  bool in_time = false;
  bool have_component = false;  // "P", "PT" and "P1DT" are not durations
  for (std::size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      if (number > 99'999'999) {
        return std::nullopt;  // no real duration; refusing it keeps the arithmetic defined
      }
      number = number * 10 + (c - '0');
      have_number = true;
      continue;
    }
    if (c == 'T') {
      if (in_time || have_number) {
        return std::nullopt;
      }
      in_time = true;
      have_component = false;
      continue;
    }
    if (!have_number) {
      return std::nullopt;
    }
    if (!in_time && c == 'Y') {
      days += number * 365;
    } else if (!in_time && c == 'M') {
      days += number * 30;
    } else if (!in_time && c == 'W') {
      days += number * 7;
    } else if (!in_time && c == 'D') {
      days += number;
    } else if (in_time && (c == 'H' || c == 'M' || c == 'S')) {
      days += (c == 'H' ? number / 24 : 0);
    } else {
      return std::nullopt;
    }
    number = 0;
    have_number = false;
    have_component = true;
  }
  if (have_number || !have_component) {
    return std::nullopt;
  }
  return days;
}

std::chrono::system_clock::time_point to_time_point(UnixTime seconds) {
  using Clock = std::chrono::system_clock;
  constexpr UnixTime k_limit =
      std::chrono::duration_cast<std::chrono::seconds>(Clock::duration::max()).count();
  const auto clamped = std::clamp<UnixTime>(seconds, -k_limit, k_limit);
  return Clock::time_point(
      std::chrono::duration_cast<Clock::duration>(std::chrono::seconds(clamped)));
}

UnixTime to_unix_time(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

UnixTime add_seconds(UnixTime time, std::int64_t seconds) {
  UnixTime sum = 0;
  if (__builtin_add_overflow(time, seconds, &sum)) {
    return seconds > 0 ? std::numeric_limits<UnixTime>::max()
                       : std::numeric_limits<UnixTime>::min();
  }
  return sum;
}

std::optional<UnixTime> seconds_from_json(const nlohmann::json& value) {
  constexpr auto k_max = std::numeric_limits<UnixTime>::max();
  constexpr auto k_min = std::numeric_limits<UnixTime>::min();
  if (value.is_number_unsigned()) {
    const auto number = value.get<std::uint64_t>();
    return number > static_cast<std::uint64_t>(k_max) ? k_max : static_cast<UnixTime>(number);
  }
  if (value.is_number_integer()) {
    return value.get<std::int64_t>();
  }
  if (!value.is_number_float()) {
    return std::nullopt;
  }
  const double number = value.get<double>();
  if (std::isnan(number)) {
    return std::nullopt;
  }
  // 2^63 exactly as a double: every double below it and at or above -2^63 fits in an int64.
  constexpr double k_two_to_63 = 9223372036854775808.0;
  if (number >= k_two_to_63) {
    return k_max;
  }
  if (number < -k_two_to_63) {
    return k_min;
  }
  return static_cast<UnixTime>(number);
}

}  // namespace gdap::model
