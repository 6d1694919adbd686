/*
 * SHA-256 against the NIST example vectors (FIPS 180-4 examples, "SHA256.pdf" and the
 * long-message vector of one million 'a'), in one call and fed in uneven pieces.
 */
#include <stdlib.h>
#include <string.h>

#include "base/sha256.h"
#include "harness.h"

static const char *hex_of(const void *p, size_t n)
{
	static char hex[65];
	mc_sha256_hex(p, n, hex);
	return hex;
}

/* The same message fed `step` bytes at a time must give the same digest. */
static const char *hex_pieces(const char *p, size_t n, size_t step)
{
	static char hex[65];
	static const char digits[] = "0123456789abcdef";
	unsigned char d[32];
	mc_sha256 s;
	mc_sha256_init(&s);
	for (size_t i = 0; i < n; i += step)
		mc_sha256_update(&s, p + i, n - i < step ? n - i : step);
	mc_sha256_final(&s, d);
	for (int i = 0; i < 32; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
	return hex;
}

int main(void)
{
	STR_EQ(hex_of("", 0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	STR_EQ(hex_of("abc", 3),
	       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	STR_EQ(hex_of(m448, strlen(m448)),
	       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	                   "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	STR_EQ(hex_of(m896, strlen(m896)),
	       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	for (size_t step = 1; step < 70; step += 7)
		STR_EQ(hex_pieces(m896, strlen(m896), step),
		       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");

	size_t n = 1000000;
	char *a = malloc(n);
	memset(a, 'a', n);
	STR_EQ(hex_of(a, n), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	STR_EQ(hex_pieces(a, n, 4093),
	       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);

	/* Lengths around the padding boundary (55, 56, 63, 64 bytes) against one-shot. */
	char buf[130];
	memset(buf, 'x', sizeof buf);
	for (size_t len = 50; len < 130; len++) {
		char one[65];
		mc_sha256_hex(buf, len, one);
		STR_EQ(hex_pieces(buf, len, 3), one);
	}
	STR_EQ(hex_of(buf, 55), "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
	return harness_done();
}
