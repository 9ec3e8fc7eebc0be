# fusetrack_require_package(<find_package name> <Debian package> [find_package args...])
# Finds a dependency; when it is missing, stops with a message naming the Debian package.
macro(fusetrack_require_package name debian_package)
  find_package(${name} ${ARGN} QUIET)
  if(NOT ${name}_FOUND)
    message(FATAL_ERROR
      "fusetrack needs ${name}, which was not found. On Debian/Ubuntu install it with:\n"
      "  sudo apt-get install ${debian_package}\n"
      "(or run tools/setup-debian.sh, which installs everything the build needs).")
  endif()
endmacro()
