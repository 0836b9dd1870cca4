# `cpack -G DEB` in the build directory builds gdapcheck_<version>_<arch>.deb with the layout of
# cmake/Install.cmake under /usr. Its Depends line is computed by dpkg-shlibdeps from the libraries
# the binary really links (needs dpkg-dev and file), never written by hand.
set(GDAP_PACKAGE_MAINTAINER "The gdapcheck authors <dev@gdapcheck.invalid>"
  CACHE STRING "Maintainer field of the .deb (\"Name <address>\")")
set(GDAP_PACKAGE_HOMEPAGE "" CACHE STRING "Homepage field of the .deb (left out when empty)")

set(CPACK_PACKAGE_NAME gdapcheck)
set(CPACK_PACKAGE_VENDOR "The gdapcheck authors")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${GDAP_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "find out why GDAP access to a customer tenant is broken")
# No double quotes in here: CPack's DEB generator garbles them.
set(CPACK_PACKAGE_DESCRIPTION [=[
gdapcheck tells a Microsoft CSP partner (an MSP) exactly why its GDAP access
to a customer tenant is broken (Missing Roles, Not in AdminAgents, No MFA
prompt, AADSTS50020, a missing service principal, an expired relationship)
and prints the concrete steps that fix it.

It signs in with a device code as Microsoft Graph PowerShell does, reads the
partner's GDAP relationships, access assignments and group memberships and
each customer tenant through Microsoft Graph (read-only), and reports a status
per customer, findings with numbered remediation steps, and a JSON report for
scripts. Saved snapshots can be diagnosed offline.]=])
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${GDAP_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(GDAP_PACKAGE_HOMEPAGE)
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${GDAP_PACKAGE_HOMEPAGE}")
endif()
include(CPack)
