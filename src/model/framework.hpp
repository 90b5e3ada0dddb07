#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/localized.hpp"

namespace kompass::model {

// What an evaluator needs to tell full, partial and no points apart for one question.
struct Guidance {
  std::string full;
  std::string partial;
  std::string none;
  bool operator==(const Guidance&) const = default;
};

// One scored question: whole points from 0 to max_points.
struct Question {
  std::string id; // "1.2.3": area.subarea.question
  LocalizedText text;
  int max_points = 0;
  Guidance guidance;
  std::string basis; // where the practice is examined (e.g. the seed's heading)
  bool operator==(const Question&) const = default;
};

// A sub-area (delområde) whose questions' points add up to max_points.
struct SubArea {
  std::string id; // "1.2"
  LocalizedText title;
  int max_points = 0;
  std::vector<Question> questions;
  bool operator==(const SubArea&) const = default;
};

// An area (område), numbered from 1; an area-level edition has no sub-areas.
struct Area {
  int number = 0;
  LocalizedText title;
  int max_points = 0;
  std::vector<SubArea> sub_areas;
  bool operator==(const Area&) const = default;
};

// The seed's rule of thumb for comparing with results of an older edition: add [add_min, add_max]
// points to this edition's total to compare with a result from an edition before `before_year`.
struct EarlierEditionRule {
  int before_year = 0;
  int add_min = 0;
  int add_max = 0;
  bool operator==(const EarlierEditionRule&) const = default;
};

// The finest level at which an edition defines points.
enum class FrameworkLevel { question, area };

// One framework edition (e.g. kommunkompassen-2010, version 2010.1), loaded from a YAML file.
struct Framework {
  std::string id;
  std::string version;
  int year = 0;
  std::vector<std::string> aliases;   // other ids naming the same edition (kommunekompasset-2010)
  std::vector<std::string> languages; // first is primary
  LocalizedText title;
  int max_points = 0;
  FrameworkLevel level = FrameworkLevel::question;
  std::string provenance;
  std::optional<EarlierEditionRule> earlier_edition_rule;
  std::vector<Area> areas;
  bool operator==(const Framework&) const = default;

  // The primary language ("sv" when none is declared).
  const std::string& primary_language() const;
  // The area with this number, or nullptr.
  const Area* find_area(int number) const;
  // The sub-area with this id ("1.2"), or nullptr.
  const SubArea* find_sub_area(const std::string& id) const;
  // The question with this id ("1.2.3"), or nullptr.
  const Question* find_question(const std::string& id) const;
  // The number of the area holding this question or sub-area id, or 0 when none does.
  int area_of(const std::string& sub_area_or_question_id) const;
};

// Orders edition versions part by part, numbers as numbers: "2010.2" < "2010.10" < "2011.1"; a version
// that is a prefix of another comes first ("2010" < "2010.1").
bool version_less(std::string_view a, std::string_view b);

} // namespace kompass::model
