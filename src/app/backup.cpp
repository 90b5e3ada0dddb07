#include "app/backup.hpp"

#include <filesystem>
#include <system_error>

#include "app/search.hpp"

namespace kompass::app {

Result<store::BackupSummary> backup(const std::string& db_location, const std::string& file) {
  return store::backup_database(db_location, file);
}

Result<store::BackupSummary> restore(const std::string& db_location, const std::string& file,
                                     store::Overwrite overwrite) {
  auto restored = store::restore_database(db_location, file, overwrite);
  if (restored) {
    // The index remembers the change sequence it has read up to; the restored store's log is another one.
    std::error_code ignored;
    std::filesystem::remove_all(index_path_for(db_location), ignored);
  }
  return restored;
}

} // namespace kompass::app
