#include "app/accounts.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>

#include <sodium.h>

#include "app/text.hpp"

namespace kompass::app {

using model::ErrorKind;

namespace {

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) {
      throw std::runtime_error("libsodium could not be initialised");
    }
  });
}

std::string hex(const unsigned char* bytes, std::size_t size) {
  std::string text(size * 2 + 1, '\0');
  sodium_bin2hex(text.data(), text.size(), bytes, size);
  text.pop_back();
  return text;
}

std::string random_hex(std::size_t bytes) {
  ensure_sodium();
  std::vector<unsigned char> buffer(bytes);
  randombytes_buf(buffer.data(), buffer.size());
  return hex(buffer.data(), buffer.size());
}

// Session tokens are long random values, so a fast hash suffices to keep the stored form useless to a thief.
std::string token_hash(const std::string& token) {
  ensure_sodium();
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  return hex(digest, sizeof digest);
}

bool valid_username(const std::string& name) {
  if (name.size() < 2 || name.size() > 64) {
    return false;
  }
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == '@';
    if (!ok) {
      return false;
    }
  }
  return true;
}

// Characters, not bytes: "åäöåä" is five characters however many bytes UTF-8 gives it.
std::size_t character_count(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

Result<void> check_password(const std::string& password) {
  if (character_count(password) < k_min_password_length) {
    return model::fail(ErrorKind::bad_input, "password_too_short", {{"minimum", std::to_string(k_min_password_length)}},
                       "password");
  }
  return {};
}

} // namespace

Result<std::string> hash_password(const std::string& password) {
  ensure_sodium();
  char hash[crypto_pwhash_STRBYTES];
  // The interactive limits (64 MiB, 2 passes) keep a sign-in near 0.1 s on the 2-core machines we run on.
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return model::fail(ErrorKind::internal, "password_hash_failed");
  }
  return std::string(hash);
}

bool password_matches(const std::string& hash, const std::string& password) {
  ensure_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_password() {
  ensure_sodium();
  static constexpr char k_alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string password;
  for (int i = 0; i < 16; ++i) {
    password += k_alphabet[randombytes_uniform(sizeof k_alphabet - 1)];
  }
  return password;
}

bool secrets_equal(const std::string& a, const std::string& b) {
  ensure_sodium();
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<model::User> add_user(store::Store& store, const NewUser& request) {
  if (!valid_username(request.username)) {
    return model::fail(ErrorKind::bad_input, "username_invalid", {{"username", request.username}}, "username");
  }
  if (auto checked = check_password(request.password); !checked) {
    return tl::unexpected(checked.error());
  }
  if (request.role == model::Role::municipality && !request.municipality) {
    return model::fail(ErrorKind::bad_input, "user_municipality_missing", {}, "municipality");
  }
  auto hash = hash_password(request.password);
  if (!hash) {
    return tl::unexpected(hash.error());
  }
  model::User user;
  user.username = request.username;
  user.display_name = request.display_name.empty() ? request.username : request.display_name;
  user.role = request.role;
  if (request.role == model::Role::municipality) {
    user.municipality = request.municipality;
  }
  user.created_at = iso_utc(std::chrono::system_clock::now());
  return store::in_transaction(store, [&]() -> Result<model::User> {
    if (user.municipality) {
      auto found = store.find_municipality(*user.municipality);
      if (!found) {
        return tl::unexpected(found.error());
      }
      if (!*found) {
        return model::fail(ErrorKind::not_found, "unknown_municipality",
                           {{"country", user.municipality->country}, {"code", user.municipality->code}},
                           "municipality");
      }
    }
    auto id = store.insert_user(user, *hash);
    if (!id) {
      return tl::unexpected(id.error());
    }
    user.id = *id;
    return user;
  });
}

Result<std::vector<model::User>> list_users(store::Store& store) {
  return store::in_transaction(
      store, [&] { return store.list_users(); }, store::Access::read);
}

Result<void> change_password(store::Store& store, const std::string& username, const std::string& password) {
  if (auto checked = check_password(password); !checked) {
    return checked;
  }
  auto hash = hash_password(password);
  if (!hash) {
    return tl::unexpected(hash.error());
  }
  return store::in_transaction(store, [&]() -> Result<void> {
    auto found = store.find_user(username);
    if (!found) {
      return tl::unexpected(found.error());
    }
    if (!*found) {
      return model::fail(ErrorKind::not_found, "unknown_user", {{"username", username}}, "username");
    }
    if (auto set = store.set_password_hash(username, *hash); !set) {
      return set;
    }
    return store.delete_sessions_of((*found)->user.id);
  });
}

Result<void> set_account_state(store::Store& store, const std::string& username, model::AccountState state) {
  return store::in_transaction(store, [&]() -> Result<void> {
    auto found = store.find_user(username);
    if (!found) {
      return tl::unexpected(found.error());
    }
    if (!*found) {
      return model::fail(ErrorKind::not_found, "unknown_user", {{"username", username}}, "username");
    }
    auto user = (*found)->user;
    user.state = state;
    if (auto updated = store.update_user(user); !updated) {
      return updated;
    }
    if (state == model::AccountState::disabled) {
      return store.delete_sessions_of(user.id);
    }
    return {};
  });
}

Result<NewSession> sign_in(store::Store& store, const std::string& username, const std::string& password,
                           long lifetime_seconds) {
  auto found = store::in_transaction(
      store, [&] { return store.find_user(username); }, store::Access::read);
  if (!found) {
    return tl::unexpected(found.error());
  }
  // Verify against a fixed hash for an unknown user, so the time taken does not tell which names exist.
  static const std::string k_dummy_hash = *hash_password("kompass-dummy-password");
  const bool known = found->has_value();
  const bool matches = password_matches(known ? (*found)->password_hash : k_dummy_hash, password);
  if (!known || !matches || (*found)->user.state != model::AccountState::active) {
    return model::fail(ErrorKind::unauthenticated, "login_failed", {}, "username");
  }
  NewSession session{random_hex(32), random_hex(32), (*found)->user};
  store::Session stored{token_hash(session.token), session.user.id, session.csrf_token,
                        iso_utc(std::chrono::system_clock::now() + std::chrono::seconds(lifetime_seconds))};
  auto inserted = store::in_transaction(store, [&] { return store.insert_session(stored); });
  if (!inserted) {
    return tl::unexpected(inserted.error());
  }
  return session;
}

Result<std::optional<SignedIn>> session_user(store::Store& store, const std::string& token) {
  if (token.empty()) {
    return std::optional<SignedIn>{};
  }
  const auto hashed = token_hash(token);
  return store::in_transaction(
      store,
      [&]() -> Result<std::optional<SignedIn>> {
        auto session = store.find_session(hashed);
        if (!session) {
          return tl::unexpected(session.error());
        }
        if (!*session) {
          return std::optional<SignedIn>{};
        }
        auto user = store.find_user_by_id((*session)->user_id);
        if (!user) {
          return tl::unexpected(user.error());
        }
        if (!*user || (*user)->state != model::AccountState::active) {
          return std::optional<SignedIn>{};
        }
        return std::optional<SignedIn>{SignedIn{**user, (*session)->csrf_token, hashed}};
      },
      store::Access::read);
}

Result<void> sign_out(store::Store& store, const std::string& token) {
  if (token.empty()) {
    return {};
  }
  const auto hashed = token_hash(token);
  return store::in_transaction(store, [&] { return store.delete_session(hashed); });
}

} // namespace kompass::app
