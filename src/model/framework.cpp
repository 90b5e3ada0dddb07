#include "model/framework.hpp"

#include <algorithm>

namespace kompass::model {

const std::string& Framework::primary_language() const {
  static const std::string k_swedish = "sv";
  return languages.empty() ? k_swedish : languages.front();
}

const Area* Framework::find_area(int number) const {
  for (const auto& area : areas) {
    if (area.number == number) {
      return &area;
    }
  }
  return nullptr;
}

const SubArea* Framework::find_sub_area(const std::string& id) const {
  for (const auto& area : areas) {
    for (const auto& sub_area : area.sub_areas) {
      if (sub_area.id == id) {
        return &sub_area;
      }
    }
  }
  return nullptr;
}

const Question* Framework::find_question(const std::string& id) const {
  for (const auto& area : areas) {
    for (const auto& sub_area : area.sub_areas) {
      for (const auto& question : sub_area.questions) {
        if (question.id == id) {
          return &question;
        }
      }
    }
  }
  return nullptr;
}

int Framework::area_of(const std::string& id) const {
  for (const auto& area : areas) {
    for (const auto& sub_area : area.sub_areas) {
      if (sub_area.id == id) {
        return area.number;
      }
      for (const auto& question : sub_area.questions) {
        if (question.id == id) {
          return area.number;
        }
      }
    }
  }
  return 0;
}

bool version_less(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < a.size() && j < b.size()) {
    if (is_digit(a[i]) && is_digit(b[j])) {
      std::size_t i_end = i;
      std::size_t j_end = j;
      while (i_end < a.size() && is_digit(a[i_end])) {
        ++i_end;
      }
      while (j_end < b.size() && is_digit(b[j_end])) {
        ++j_end;
      }
      // Compare the numbers without converting them, so any length works: strip leading zeros, then length.
      auto number_a = a.substr(i, i_end - i);
      auto number_b = b.substr(j, j_end - j);
      number_a.remove_prefix(std::min(number_a.find_first_not_of('0'), number_a.size()));
      number_b.remove_prefix(std::min(number_b.find_first_not_of('0'), number_b.size()));
      if (number_a.size() != number_b.size()) {
        return number_a.size() < number_b.size();
      }
      if (number_a != number_b) {
        return number_a < number_b;
      }
      i = i_end;
      j = j_end;
    } else {
      if (a[i] != b[j]) {
        return a[i] < b[j];
      }
      ++i;
      ++j;
    }
  }
  return i == a.size() && j < b.size();
}

} // namespace kompass::model
