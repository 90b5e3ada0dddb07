#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <system_error>

#include <unistd.h>

#include "app/catalog.hpp"
#include "model/error.hpp"
#include "model/messages.hpp"
#include "store/store.hpp"
#include "unit/store_backend.hpp"

// Support code shared by the unit tests of src/app: sample files, failure descriptions and throwaway stores on
// either backend.
namespace kompass::testing_support {

// The folder of the shipped sample files (data/samples in the source tree).
inline const std::filesystem::path k_samples = std::filesystem::path(KOMPASS_SOURCE_DIR) / "data" / "samples";

// The whole content of the file at `path`, byte for byte; empty when it cannot be read.
inline std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// One line for a failure message: the error's code, its field and its English message.
inline std::string describe(const model::Error& error) {
  return error.code + " [" + error.field + "]: " + model::message(model::UiLanguage::en, error.code, error.args);
}

// The backend of the running test: its parameter when it is a TEST_P over testing::Backend (named "SQLite" or
// "PostgreSQL"), otherwise SQLite.
inline testing::Backend current_backend() {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const char* parameter = test != nullptr ? test->value_param() : nullptr;
  return parameter != nullptr && std::string(parameter) == "PostgreSQL" ? testing::Backend::postgres
                                                                        : testing::Backend::sqlite;
}

// A fresh store with the shipped editions loaded, on the running test's backend (current_backend), and a temporary
// directory of its own for files beside it; both live as long as the object. A failure to set it up fails the
// current test with the reason and leaves ok() false; a backend that is not available leaves skip_reason() set.
class TemporaryStore {
public:
  TemporaryStore() : m_location(current_backend(), "app-test") {
    static std::atomic<int> counter{0};
    m_path = std::filesystem::temp_directory_path() /
             ("kompass-app-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::error_code error;
    std::filesystem::remove_all(m_path, error);
    if (std::filesystem::create_directories(m_path, error); error) {
      ADD_FAILURE() << "cannot create the temporary directory " << m_path << ": " << error.message();
      return;
    }
    if (m_location.location().empty()) {
      return;
    }
    auto opened = store::open_store(m_location.location());
    if (!opened) {
      ADD_FAILURE() << "cannot open a store at " << m_location.location() << ": " << describe(opened.error());
      return;
    }
    m_store = std::move(*opened);
    if (auto initialised = app::ensure_initialised(*m_store); !initialised) {
      ADD_FAILURE() << "cannot initialise the store at " << m_location.location() << ": "
                    << describe(initialised.error());
      m_store.reset();
    }
  }
  ~TemporaryStore() {
    m_store.reset();
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  TemporaryStore(const TemporaryStore&) = delete;
  TemporaryStore& operator=(const TemporaryStore&) = delete;

  // Whether the store was opened and initialised; db() may be used only when it was.
  bool ok() const { return m_store != nullptr; }

  // Why the store's backend is not available (the message for GTEST_SKIP), or empty.
  const std::string& skip_reason() const { return m_location.skip_reason(); }

  // The open store; requires ok().
  store::Store& db() { return *m_store; }

  // Where the store is: its SQLite file or its PostgreSQL URL.
  const std::string& location() const { return m_location.location(); }

  // A temporary directory for files beside the store (for SQLite, it also holds the database file).
  const std::filesystem::path& path() const { return m_path; }

private:
  testing::TemporaryLocation m_location;
  std::filesystem::path m_path;
  std::unique_ptr<store::Store> m_store;
};

// In a fixture's SetUp (or a test): skips the test when `temporary`'s backend is not available, and fails it when
// the store could not be set up.
#define KOMPASS_REQUIRE_STORE(temporary)                                                                               \
  do {                                                                                                                 \
    if (!(temporary).skip_reason().empty()) {                                                                          \
      GTEST_SKIP() << (temporary).skip_reason();                                                                       \
    }                                                                                                                  \
    ASSERT_TRUE((temporary).ok());                                                                                     \
  } while (false)

} // namespace kompass::testing_support
