/*
 * Reading a scaling policy's `adjustment` (see scaling.h). Pure: no diagnostics, so the
 * caller reports at the right place (the template line and the resource).
 */
#include "template/scaling.h"

int mc_scaling_adjustment_parse(const char *s, size_t len, int32_t *value, bool *percent)
{
	if (!s || len < 2 || (s[0] != '+' && s[0] != '-'))
		return -1;
	bool pct = s[len - 1] == '%';
	size_t end = pct ? len - 1 : len;
	if (end < 2)
		return -1;
	int32_t n = 0;
	for (size_t i = 1; i < end; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		n = n * 10 + (s[i] - '0');
		if (n > MC_SCALING_MAX_ADJUSTMENT)
			return -1;
	}
	if (n == 0 || (pct && s[0] == '-' && n > 100))
		return -1;
	*value = s[0] == '-' ? -n : n;
	*percent = pct;
	return 0;
}
