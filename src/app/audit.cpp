#include "app/audit.hpp"

#include <nlohmann/json.hpp>

#include "app/csv.hpp"

namespace kompass::app {

namespace {

nlohmann::json user_object(const model::User& user) {
  nlohmann::json municipality = nullptr;
  if (user.municipality) {
    municipality = {{"country", user.municipality->country}, {"code", user.municipality->code}};
  }
  return {{"username", user.username},
          {"display_name", user.display_name},
          {"role", model::role_name(user.role)},
          {"municipality", municipality},
          {"state", user.state == model::AccountState::active ? "active" : "disabled"},
          {"created_at", user.created_at}};
}

} // namespace

Result<std::vector<model::AuditEntry>> audit_log(store::Store& store, const std::string& evaluation_id) {
  return store::in_transaction(
      store,
      [&]() -> Result<std::vector<model::AuditEntry>> {
        if (auto access = store.evaluation_access(evaluation_id); !access) {
          return tl::unexpected(access.error());
        }
        return store.list_audit(evaluation_id);
      },
      store::Access::read);
}

std::string audit_csv(const std::vector<model::AuditEntry>& entries) {
  std::string csv = "at,actor,entity,key,old,new\r\n";
  for (const auto& e : entries) {
    csv += csv_field(e.at) + ',' + csv_field(e.actor) + ',' + csv_field(e.entity) + ',' + csv_field(e.key) + ',' +
           csv_field(e.old_value) + ',' + csv_field(e.new_value) + "\r\n";
  }
  return csv;
}

std::string audit_json(const std::vector<model::AuditEntry>& entries) {
  auto array = nlohmann::json::array();
  for (const auto& e : entries) {
    array.push_back({{"at", e.at},
                     {"actor", e.actor},
                     {"entity", e.entity},
                     {"key", e.key},
                     {"old", e.old_value},
                     {"new", e.new_value}});
  }
  return array.dump(2);
}

std::string user_list_json(const std::vector<model::User>& users) {
  auto array = nlohmann::json::array();
  for (const auto& user : users) {
    array.push_back(user_object(user));
  }
  return array.dump(2);
}

std::string user_json(const model::User& user) { return user_object(user).dump(2); }

} // namespace kompass::app
