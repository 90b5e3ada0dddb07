#include "model/framework.hpp"

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

} // namespace kompass::model
