// See no_ca_bundle.c. Nothing here is called from Swift: the definitions take the place of libmbedx509's
// for libgit2, through the dynamic linker.
#pragma once
