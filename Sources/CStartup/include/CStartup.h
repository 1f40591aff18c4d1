// See no_network.c. Nothing here is called from Swift: the linker sends libgit2's calls into its network
// transports to that file's `__wrap_` definitions (Package.swift, staticLibgit2).
#pragma once
