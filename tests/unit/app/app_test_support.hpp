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

// Support code shared by the unit tests of src/app: sample files, failure descriptions and throwaway stores.
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

// A fresh SQLite store with the shipped editions loaded, in a temporary directory of its own that lives as long
// as the object; a failure to set it up fails the current test with the reason and leaves ok() false.
class TemporaryStore {
public:
  TemporaryStore() {
    static std::atomic<int> counter{0};
    m_path = std::filesystem::temp_directory_path() /
             ("kompass-app-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::error_code error;
    std::filesystem::remove_all(m_path, error);
    if (std::filesystem::create_directories(m_path, error); error) {
      ADD_FAILURE() << "cannot create the temporary directory " << m_path << ": " << error.message();
      return;
    }
    auto opened = store::open_store((m_path / "kompass.db").string());
    if (!opened) {
      ADD_FAILURE() << "cannot open a store in " << m_path << ": " << describe(opened.error());
      return;
    }
    m_store = std::move(*opened);
    if (auto initialised = app::ensure_initialised(*m_store); !initialised) {
      ADD_FAILURE() << "cannot initialise the store in " << m_path << ": " << describe(initialised.error());
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

  // The open store; requires ok().
  store::Store& db() { return *m_store; }

  // The temporary directory holding the store's database file.
  const std::filesystem::path& path() const { return m_path; }

private:
  std::filesystem::path m_path;
  std::unique_ptr<store::Store> m_store;
};

} // namespace kompass::testing_support
