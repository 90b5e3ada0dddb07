#pragma once

#include <string>
#include <vector>

#include "model/error.hpp"

namespace kompass::report {

using model::Result;

// Runs `argv` (argv[0] looked up on PATH, no shell) and waits for it. Fails with internal "tool_missing"
// naming `debian_package` when the program cannot be found, and internal "tool_failed" with the end of
// its error output when it exits non-zero or is killed.
Result<void> run_tool(const std::vector<std::string>& argv, const std::string& debian_package);

// Whether `program` is an executable file in one of PATH's folders.
bool on_path(const std::string& program);

// A file written under a temporary name next to its target and renamed onto the target only by commit(),
// so a failed export leaves no half-written file: an uncommitted PendingFile removes its temporary file.
class PendingFile {
public:
  // Reserves a temporary file next to `target`; bad_input "file_unwritable" naming the target when its
  // folder does not exist or cannot be written.
  static Result<PendingFile> create(const std::string& target);

  PendingFile(PendingFile&& other) noexcept;
  PendingFile& operator=(PendingFile&&) = delete;
  PendingFile(const PendingFile&) = delete;
  PendingFile& operator=(const PendingFile&) = delete;
  ~PendingFile();

  // Where the exporter writes; its name ends in the target's extension, as some tools require.
  const std::string& path() const { return m_temp; }
  // Writes `bytes` to the temporary file, replacing its content.
  Result<void> write(const std::string& bytes) const;
  // Moves the temporary file onto the target.
  Result<void> commit();

private:
  PendingFile(std::string target, std::string temp) : m_target(std::move(target)), m_temp(std::move(temp)) {}
  std::string m_target;
  std::string m_temp;
  bool m_committed = false;
};

// Writes `bytes` to `target` through a PendingFile: the target holds all of them or is left as it was.
Result<void> write_file_atomically(const std::string& bytes, const std::string& target);

// A temporary folder removed with everything in it when the object goes away.
class TemporaryFolder {
public:
  // Creates a fresh folder under the system's temporary folder; internal "temp_folder_failed" otherwise.
  static Result<TemporaryFolder> create();
  TemporaryFolder(TemporaryFolder&& other) noexcept;
  TemporaryFolder& operator=(TemporaryFolder&&) = delete;
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  ~TemporaryFolder();

  const std::string& path() const { return m_path; }
  // Writes `bytes` to `name` inside the folder and returns the file's full path.
  Result<std::string> write(const std::string& name, const std::string& bytes) const;

private:
  explicit TemporaryFolder(std::string path) : m_path(std::move(path)) {}
  std::string m_path;
};

} // namespace kompass::report
