# Embeds files into the binary:
#   kompass_embed(OUTPUT file.cpp BASE dir FILES a b ... [RENAMED path1 file1 path2 file2 ...])
# generates a C++ file defining kompass::resources::detail::k_entries with each file's path and bytes. FILES are
# keyed by their path relative to BASE; RENAMED takes pairs of a path to key the file by and the file, for files
# that live elsewhere (static/vendor/htmx.min.js is node_modules/htmx.org/dist/htmx.min.js).
# Regenerated whenever one of the files changes.
function(kompass_embed)
  cmake_parse_arguments(ARG "" "OUTPUT;BASE" "FILES;RENAMED" ${ARGN})
  # One line per file: its path in the binary, a tab, the file.
  set(lines "")
  set(sources "")
  foreach(file IN LISTS ARG_FILES)
    file(RELATIVE_PATH rel ${ARG_BASE} ${file})
    list(APPEND lines "${rel}\t${file}")
    list(APPEND sources ${file})
  endforeach()
  list(LENGTH ARG_RENAMED renamed_count)
  math(EXPR odd "${renamed_count} % 2")
  if(odd)
    message(FATAL_ERROR "kompass_embed: RENAMED takes pairs of a path and a file")
  endif()
  while(ARG_RENAMED)
    list(POP_FRONT ARG_RENAMED rel file)
    list(APPEND lines "${rel}\t${file}")
    list(APPEND sources ${file})
  endwhile()
  set(list_file ${ARG_OUTPUT}.files)
  string(REPLACE ";" "\n" joined "${lines}")
  file(WRITE ${list_file}.tmp "${joined}")
  configure_file(${list_file}.tmp ${list_file} COPYONLY)
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DLIST_FILE=${list_file} -DOUTPUT=${ARG_OUTPUT}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_generate.cmake
    DEPENDS ${sources} ${list_file} ${PROJECT_SOURCE_DIR}/cmake/embed_generate.cmake
    COMMENT "Embedding resources into ${ARG_OUTPUT}"
    VERBATIM)
endfunction()
