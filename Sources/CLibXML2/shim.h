#ifndef BCOS_CLIBXML2_SHIM_H
#define BCOS_CLIBXML2_SHIM_H
// Debian's libxml2 is built with ICU, and its headers then include the system's ICU headers,
// which clash with the copy of ICU inside Foundation (_FoundationICU) in the same Swift module.
// The sanitizer never touches the ICU members of xmlCharEncodingHandler (it only passes parser
// and node pointers), so hiding them from Swift is safe.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

// xmlFree is a global function pointer in libxml2; a plain function is simpler to call from Swift.
static inline void bcos_xml_free(void *pointer) { xmlFree(pointer); }

// Parse options for untrusted fragments: no network, no error output, keep it quiet.
static inline int bcos_html_parse_options(void) {
    return HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_RECOVER;
}
#endif
