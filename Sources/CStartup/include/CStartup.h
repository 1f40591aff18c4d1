// See no_ca_bundle.c. Nothing here is called from Swift: the linker sends libgit2's calls to the
// certificate loaders to its `__wrap_` definitions (Package.swift, staticLibgit2).
#pragma once
