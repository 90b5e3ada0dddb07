#pragma once

#include <string>
#include <vector>

#include "model/account.hpp"
#include "model/error.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// An evaluation's audit log, oldest first; not_found "unknown_evaluation" when there is no such evaluation.
Result<std::vector<model::AuditEntry>> audit_log(store::Store& store, const std::string& evaluation_id);

// The log as CSV (RFC 4180, comma-separated, header "at,actor,entity,key,old,new"), for spreadsheets.
std::string audit_csv(const std::vector<model::AuditEntry>& entries);

// The log as a JSON array of {"at", "actor", "entity", "key", "old", "new"}.
std::string audit_json(const std::vector<model::AuditEntry>& entries);

// Users as a JSON array of {"username", "display_name", "role", "municipality", "state", "created_at"}.
std::string user_list_json(const std::vector<model::User>& users);

// One user as a JSON object of the same shape.
std::string user_json(const model::User& user);

} // namespace kompass::app
