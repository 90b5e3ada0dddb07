#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/account.hpp"
#include "model/error.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// What a new account needs. A municipality user must name the municipality it belongs to.
struct NewUser {
  std::string username; // 2–64 of a–z, 0–9, ".", "-", "_", "@"
  std::string display_name;
  model::Role role = model::Role::evaluator;
  std::optional<model::MunicipalityRef> municipality;
  std::string password; // at least k_min_password_length characters
};

// The shortest password accepted.
inline constexpr std::size_t k_min_password_length = 10;

// Hashes a password with Argon2id (libsodium's string form, salt included).
Result<std::string> hash_password(const std::string& password);

// True when `password` matches a hash made by hash_password.
bool password_matches(const std::string& hash, const std::string& password);

// A random password of 16 letters and digits, for the demo admin account.
std::string random_password();

// Creates an account; bad_input naming "username", "password", "role" or "municipality" when one is wrong,
// conflict "user_exists" when the name is taken.
Result<model::User> add_user(store::Store& store, const NewUser& request);

// Every account, ordered by username.
Result<std::vector<model::User>> list_users(store::Store& store);

// Sets a new password and ends the user's sessions.
Result<void> change_password(store::Store& store, const std::string& username, const std::string& password);

// Disables (or enables again) an account; disabling ends its sessions.
Result<void> set_account_state(store::Store& store, const std::string& username, model::AccountState state);

// A new session's secrets: the cookie token (only its hash is stored) and the CSRF token forms repeat.
struct NewSession {
  std::string token;
  std::string csrf_token;
  model::User user;
};

// Checks username and password and opens a session lasting `lifetime_seconds`. Fails with unauthenticated
// "login_failed" for an unknown user, a wrong password or a disabled account alike.
Result<NewSession> sign_in(store::Store& store, const std::string& username, const std::string& password,
                           long lifetime_seconds);

// A signed-in user and their session's CSRF token.
struct SignedIn {
  model::User user;
  std::string csrf_token;
  std::string token_hash;
};

// The user of a session cookie token, or nullopt when the session is unknown, expired or its account disabled.
Result<std::optional<SignedIn>> session_user(store::Store& store, const std::string& token);

// Ends a session (an unknown token is no error).
Result<void> sign_out(store::Store& store, const std::string& token);

// True when two secrets are equal, compared in constant time.
bool secrets_equal(const std::string& a, const std::string& b);

} // namespace kompass::app
