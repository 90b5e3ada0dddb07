#include "model/action.hpp"

namespace kompass::model {

const char* to_string(ActionStatus value) {
  switch (value) {
  case ActionStatus::planned:
    return "planned";
  case ActionStatus::in_progress:
    return "in_progress";
  case ActionStatus::done:
    return "done";
  case ActionStatus::dropped:
    return "dropped";
  }
  return "planned";
}

std::optional<ActionStatus> parse_action_status(std::string_view text) {
  for (auto status : {ActionStatus::planned, ActionStatus::in_progress, ActionStatus::done, ActionStatus::dropped}) {
    if (text == to_string(status)) {
      return status;
    }
  }
  return std::nullopt;
}

} // namespace kompass::model
