#include "model/account.hpp"

namespace kompass::model {

const char* role_name(Role role) {
  switch (role) {
  case Role::admin:
    return "admin";
  case Role::evaluator:
    return "evaluator";
  case Role::peer:
    return "peer";
  case Role::municipality:
    return "municipality";
  }
  return "evaluator";
}

std::optional<Role> parse_role(const std::string& text) {
  for (Role role : {Role::admin, Role::evaluator, Role::peer, Role::municipality}) {
    if (text == role_name(role)) {
      return role;
    }
  }
  return std::nullopt;
}

} // namespace kompass::model
