#ifndef NIXPACKS_CI_CLIBGIT2_SHIM_H
#define NIXPACKS_CI_CLIBGIT2_SHIM_H
#include <git2.h>
#endif
