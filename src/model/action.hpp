#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kompass::model {

// Where an action of an action plan stands.
enum class ActionStatus { planned, in_progress, done, dropped };

// A dated note on how an action is going, and who wrote it.
struct ProgressNote {
  std::string date; // ISO YYYY-MM-DD
  std::string text;
  std::string author; // a username or "cli:<login>"; empty when unknown
  bool operator==(const ProgressNote&) const = default;
};

// One action (åtgärd) of a municipality's action plan (handlingsplan): it belongs to an evaluation, answers
// one or more of its improvement or weakness findings, and is expected to raise the score of `area`.
struct Action {
  long id = 0; // store id; 0 until stored
  std::string evaluation_id;
  int area = 0;
  std::string title;
  std::string description;
  std::string owner;      // a role or unit: "kommunledningskontoret"
  std::string start_date; // ISO YYYY-MM-DD or empty
  std::string due_date;   // ISO YYYY-MM-DD or empty
  ActionStatus status = ActionStatus::planned;
  std::string expected_effect;
  std::vector<long> finding_ids;   // in the order given
  std::vector<ProgressNote> notes; // oldest first
  bool operator==(const Action&) const = default;
};

// "planned", "in_progress", "done", "dropped".
const char* to_string(ActionStatus value);
// The status named by `text`, or nullopt.
std::optional<ActionStatus> parse_action_status(std::string_view text);

} // namespace kompass::model
