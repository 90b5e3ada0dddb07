#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace kompass::testing {

// A fresh, empty directory under the system's temporary folder, named after `purpose`, the process and a
// counter, and removed with everything in it when the object goes away.
class TemporaryDirectory {
public:
  explicit TemporaryDirectory(const std::string& purpose = "test") {
    static std::atomic<int> counter{0};
    m_path = std::filesystem::temp_directory_path() /
             ("kompass-" + purpose + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

  const std::filesystem::path& path() const { return m_path; }

private:
  std::filesystem::path m_path;
};

} // namespace kompass::testing
