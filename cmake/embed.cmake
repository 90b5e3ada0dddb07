# Embeds files into the binary: kompass_embed(OUTPUT file.cpp BASE dir FILES a b ...) generates a C++ file
# defining kompass::resources::detail::k_entries with each file's path (relative to BASE) and bytes.
# Regenerated whenever one of the files changes.
function(kompass_embed)
  cmake_parse_arguments(ARG "" "OUTPUT;BASE" "FILES" ${ARGN})
  set(list_file ${ARG_OUTPUT}.files)
  string(REPLACE ";" "\n" joined "${ARG_FILES}")
  file(WRITE ${list_file}.tmp "${joined}")
  configure_file(${list_file}.tmp ${list_file} COPYONLY)
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DLIST_FILE=${list_file} -DBASE=${ARG_BASE} -DOUTPUT=${ARG_OUTPUT}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_generate.cmake
    DEPENDS ${ARG_FILES} ${list_file} ${PROJECT_SOURCE_DIR}/cmake/embed_generate.cmake
    COMMENT "Embedding resources into ${ARG_OUTPUT}"
    VERBATIM)
endfunction()
