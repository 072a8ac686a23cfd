#ifndef HUB_CLIBXML2_SHIM_H
#define HUB_CLIBXML2_SHIM_H
// Debian's libxml2 is built with ICU, whose headers clash with Foundation's ICU module: hide them.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/c14n.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#endif
