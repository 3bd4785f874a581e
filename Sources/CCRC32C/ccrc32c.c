// CRC-32C with the processor's own instruction: every journal line is checked on every open,
// and at a million lines the table-driven Swift version was a tenth of the scan. Swift has no
// intrinsics for these instructions, so this small C file holds them; nothing else is here.
#include "ccrc32c.h"
#include <string.h>

#if defined(__x86_64__)
#include <nmmintrin.h>

int caseload_crc32c_hardware(void) {
    return __builtin_cpu_supports("sse4.2") ? 1 : 0;
}

__attribute__((target("sse4.2")))
uint32_t caseload_crc32c_update(uint32_t crc, const uint8_t *bytes, size_t length) {
    uint64_t wide = crc;
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, bytes, 8);
        wide = _mm_crc32_u64(wide, word);
        bytes += 8;
        length -= 8;
    }
    uint32_t narrow = (uint32_t)wide;
    while (length > 0) {
        narrow = _mm_crc32_u8(narrow, *bytes);
        bytes += 1;
        length -= 1;
    }
    return narrow;
}

#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
#include <arm_acle.h>

int caseload_crc32c_hardware(void) { return 1; }

uint32_t caseload_crc32c_update(uint32_t crc, const uint8_t *bytes, size_t length) {
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, bytes, 8);
        crc = __crc32cd(crc, word);
        bytes += 8;
        length -= 8;
    }
    while (length > 0) {
        crc = __crc32cb(crc, *bytes);
        bytes += 1;
        length -= 1;
    }
    return crc;
}

#else

int caseload_crc32c_hardware(void) { return 0; }

uint32_t caseload_crc32c_update(uint32_t crc, const uint8_t *bytes, size_t length) {
    (void)bytes;
    (void)length;
    return crc;
}

#endif
