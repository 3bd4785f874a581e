#ifndef CCRC32C_H
#define CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Whether this processor has a CRC-32C instruction (SSE 4.2 on x86-64, the CRC extension on
/// 64-bit ARM). Checked once; when it is 0 the caller uses its table-driven implementation.
int caseload_crc32c_hardware(void);

/// Continues a CRC-32C over `length` bytes with the processor's instruction. `crc` is the
/// running value before the final inversion (start with 0xFFFFFFFF, invert at the end).
/// Only call it when `caseload_crc32c_hardware()` returned 1.
uint32_t caseload_crc32c_update(uint32_t crc, const uint8_t *bytes, size_t length);

#endif
