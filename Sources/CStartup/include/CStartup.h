// See no_network.c. Nothing here is called from Swift: that file defines libgit2's entry points into its
// network transports, which libgit2's own calls then reach (Package.swift, staticLibgit2).
#pragma once
