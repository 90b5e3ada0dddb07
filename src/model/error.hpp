#pragma once

#include <map>
#include <string>

#include <tl/expected.hpp>

namespace kompass::model {

// What kind of failure an Error is; the CLI and the HTTP layer map each kind to one exit code / status.
enum class ErrorKind {
  bad_input,       // the user's input is wrong (a field, a line, a value)
  not_found,       // a named thing (municipality, evaluation, framework) does not exist
  conflict,        // the request clashes with what is stored (duplicate, wrong status, changed content)
  internal,        // a bug or an environment failure (disk, database); not the user's fault
  malformed,       // the request itself cannot be read (broken JSON, a missing parameter): HTTP 400
  unauthenticated, // the work needs a signed-in user (or the sign-in failed): HTTP 401
  forbidden,       // the signed-in user may see the thing but not do this to it: HTTP 403
  rate_limited,    // too many attempts in a short time (sign-in): HTTP 429
  unavailable,     // the database (or another service) cannot be reached now; try again later: HTTP 503
};

// A failure the caller handles: a message id from the message catalogue with its named arguments,
// plus where the input went wrong (a field name, "FILE:LINE:COLUMN", or empty).
struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string code;                        // message catalogue key, e.g. "points_out_of_range"
  std::map<std::string, std::string> args; // values for the message's {placeholders}
  std::string field;                       // the offending field, line or id, if any
};

// Builds an Error of the given kind and catalogue code with its arguments.
Error make_error(ErrorKind kind, std::string code, std::map<std::string, std::string> args = {},
                 std::string field = {});

// The result type of every operation that can fail in a way the caller handles.
template <typename T>
using Result = tl::expected<T, Error>;

// Shorthand for returning a failure from a function returning Result<T>.
inline tl::unexpected<Error> fail(ErrorKind kind, std::string code, std::map<std::string, std::string> args = {},
                                  std::string field = {}) {
  return tl::unexpected<Error>(make_error(kind, std::move(code), std::move(args), std::move(field)));
}

} // namespace kompass::model
