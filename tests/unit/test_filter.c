/*
 * Filter patterns (compiler/logs): the AWS documentation's examples with their documented
 * results (FilterAndPatternSyntax: terms, JSON, space-delimited, regex), value extraction,
 * and every parse error with its code and offset.
 */
#include <stdlib.h>

#include "base/arena.h"
#include "base/buf.h"
#include "logs/filter.h"
#include "harness.h"

static mc_arena *arena;

/* Does pattern match line? -1 when the pattern does not parse. */
static int match(const char *pattern, const char *line)
{
	mc_filter_error e;
	mc_filter *f = mc_filter_parse(pattern, strlen(pattern), arena, &e);
	if (!f)
		return -1;
	int r = mc_filter_match(f, line, strlen(line), NULL, NULL, NULL);
	mc_filter_release(f);
	return r;
}

/* The value extracted by value_spec; -1 when nothing matched, -2 when there was no value. */
static double value(const char *pattern, const char *value_spec, const char *line)
{
	mc_filter_error e;
	mc_filter *f = mc_filter_parse(pattern, strlen(pattern), arena, &e);
	if (!f)
		return -3;
	double v = 0;
	bool has = false;
	bool hit = mc_filter_match(f, line, strlen(line), value_spec, &v, &has);
	mc_filter_release(f);
	return !hit ? -1 : has ? v : -2;
}

/* The code and offset of a parse error (code 0 when it parses). */
static mc_code error_of(const char *pattern, size_t *off)
{
	mc_filter_error e;
	mc_filter *f = mc_filter_parse(pattern, strlen(pattern), arena, &e);
	if (f) {
		mc_filter_release(f);
		return (mc_code)0;
	}
	*off = e.off;
	return e.code;
}

static void test_terms(void)
{
	/* AWS: `ERROR` matches "[ERROR] A fatal exception has occurred" and "Exiting with
	 * ERRORCODE: -1" (a substring); filter patterns are case-sensitive. */
	INT_EQ(match("ERROR", "[ERROR] A fatal exception has occurred"), 1);
	INT_EQ(match("ERROR", "Exiting with ERRORCODE: -1"), 1);
	INT_EQ(match("ERROR", "error: lower case"), 0);
	/* `ERROR -Exiting` excludes the second event. */
	INT_EQ(match("ERROR -Exiting", "Exiting with ERRORCODE: -1"), 0);
	INT_EQ(match("ERROR -Exiting", "[ERROR] A fatal exception has occurred"), 1);
	/* `ERROR Exception`: all terms must appear. */
	INT_EQ(match("ERROR Exception", "[ERROR] Caught IllegalArgumentException"), 1);
	INT_EQ(match("ERROR Exception", "[ERROR] Unhandled Exception"), 1);
	INT_EQ(match("ERROR Exception", "[ERROR] something else"), 0);
	/* `"Failed to process the request"`: an exact phrase. */
	INT_EQ(match("\"Failed to process the request\"", "[WARN] Failed to process the request"), 1);
	INT_EQ(match("\"Failed to process the request\"", "[WARN] Failed to process request"), 0);
	/* `?ERROR ?WARN`: either term. */
	INT_EQ(match("?ERROR ?WARN", "[WARN] disk almost full"), 1);
	INT_EQ(match("?ERROR ?WARN", "[INFO] all good"), 0);
	/* `?A B ?C D` is (A and B) or (C and D), as AWS CDK writes term groups. */
	INT_EQ(match("?ERROR MainThread ?WARN Deadlock", "WARN Deadlock found"), 1);
	INT_EQ(match("?ERROR MainThread ?WARN Deadlock", "WARN MainThread"), 0);
	/* The empty pattern matches every event. */
	INT_EQ(match("", "anything"), 1);
	INT_EQ(match("   ", "anything"), 1);
	/* Quoted phrases and escapes. */
	INT_EQ(match("\"say \\\"hi\\\"\"", "they say \"hi\" here"), 1);
	/* AnythingLLM's `[Event Logged]` lines (catalogue §6.4, §6.7). */
	INT_EQ(match("\"Event Logged\" \"- sent_chat\"", "info: [Event Logged] - sent_chat"), 1);
	INT_EQ(match("\"Event Logged\" \"- sent_chat\"", "info: [Event Logged] - api_sent_chat"), 0);
	INT_EQ(match("\"Event Logged\" \"- sent_chat\"",
	             "info: [Event Logging Failed] - sent_chat"), 0);
}

static void test_regex(void)
{
	/* AWS: `%AUTHORIZED%` matches "[ERROR 401] UNAUTHORIZED REQUEST" and "[SUCCESS 200]
	 * AUTHORIZED REQUEST". */
	INT_EQ(match("%AUTHORIZED%", "[ERROR 401] UNAUTHORIZED REQUEST"), 1);
	INT_EQ(match("%AUTHORIZED%", "[SUCCESS 200] AUTHORIZED REQUEST"), 1);
	/* `%^[hc]at%` only at the start; `%colou?r%` both spellings. */
	INT_EQ(match("%^[hc]at%", "hat trick"), 1);
	INT_EQ(match("%^[hc]at%", "that"), 0);
	INT_EQ(match("%colou?r%", "color"), 1);
	INT_EQ(match("%colou?r%", "colour"), 1);
	INT_EQ(match("%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%", "from 10.0.12.7 ok"), 1);
	INT_EQ(match("%[Ee]rror|[Ff]ail%", "request failed"), 1);
	INT_EQ(match("%31merror%", "\x1b[31merror\x1b[39m: boom"), 1);
}

static const char *cloudtrail =
        "{\"eventType\":\"UpdateTrail\",\"sourceIPAddress\":\"123.123.123.123\","
        "\"arrayKey\":[\"value\",\"another value\"],\"objectList\":[{\"name\":\"a\",\"id\":1},"
        "{\"name\":\"b\",\"id\":2}],\"SomeObject\":null,\"cluster.name\":\"c\","
        "\"user\":{\"id\":1,\"email\":\"John.Doe@example.com\"},"
        "\"users\":[{\"id\":2,\"email\":\"John.Doe@example.com\"},{\"id\":3}],"
        "\"actions\":[\"GetObject\",\"PutObject\",\"DeleteObject\"],"
        "\"coordinates\":[[0,1],[2,3]],\"ThisFlag\":true,\"latency\":50,\"level\":\"ERROR\","
        "\"status\":503}";

static void test_json(void)
{
	INT_EQ(match("{ $.eventType = \"UpdateTrail\" }", cloudtrail), 1);
	INT_EQ(match("{ $.eventType = \"CreateTrail\" }", cloudtrail), 0);
	INT_EQ(match("{ $.sourceIPAddress != 123.123.* }", cloudtrail), 0);
	INT_EQ(match("{ $.sourceIPAddress = 123.123.* }", cloudtrail), 1);
	INT_EQ(match("{ $.eventType = \"*\" }", cloudtrail), 1);
	INT_EQ(match("{ $.arrayKey[0] = \"value\" }", cloudtrail), 1);
	INT_EQ(match("{ $.objectList[1].id = 2 }", cloudtrail), 1);
	INT_EQ(match("{ $.objectList[1].id > 2 }", cloudtrail), 0);
	INT_EQ(match("{ $.SomeObject IS NULL }", cloudtrail), 1);
	INT_EQ(match("{ $.SomeOtherObject NOT EXISTS }", cloudtrail), 1);
	INT_EQ(match("{ $.SomeObject NOT EXISTS }", cloudtrail), 0);
	INT_EQ(match("{ $.SomeObject EXISTS }", cloudtrail), 1);
	INT_EQ(match("{ $.SomeOtherObject EXISTS }", cloudtrail), 0);
	INT_EQ(match("{ $.ThisFlag IS TRUE }", cloudtrail), 1);
	INT_EQ(match("{ $.ThisFlag IS FALSE }", cloudtrail), 0);
	/* AWS: matches, because && binds tighter than ||. */
	INT_EQ(match("{ $.user.email = \"John.Stiles@example.com\" || $.coordinates[0][1] = "
	             "nonmatch && $.actions[2] = nomatch }",
	             cloudtrail),
	       0);
	INT_EQ(match("{ $.user.email = \"John.Doe@example.com\" || $.coordinates[0][1] = "
	             "nonmatch && $.actions[2] = nomatch }",
	             cloudtrail),
	       1);
	INT_EQ(match("{ ($.user.id = 1) && ($.users[0].email = \"John.Doe@example.com\") }",
	             cloudtrail),
	       1);
	INT_EQ(match("{ ($.user.id = 2 && $.users[0].email = \"nonmatch\") || $.actions[2] = "
	             "\"GetObject\" }",
	             cloudtrail),
	       0);
	INT_EQ(match("{ ($.level = \"ERROR\") && ($.status >= 500) }", cloudtrail), 1);
	INT_EQ(match("{ $.latency <= 50 && $.latency >= 5e1 }", cloudtrail), 1);
	INT_EQ(match("{ $.eventType = %Update%}", cloudtrail), 1);
	/* A line that is not a JSON object never matches a JSON pattern. */
	INT_EQ(match("{ $.status >= 500 }", "status >= 500"), 0);
	INT_EQ(match("{ $.status >= 500 }", "[503]"), 0);
	/* A quoted string never equals a number; != needs the field. */
	INT_EQ(match("{ $.status = \"503\" }", cloudtrail), 0);
	INT_EQ(match("{ $.missing != 1 }", cloudtrail), 0);
}

static const char *apache = "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "
                            "\"GET /apache_pb.gif HTTP/1.0\" 200 1534";

static void test_space(void)
{
	INT_EQ(match("[ip, user, username, timestamp, request, status_code, bytes]", apache), 1);
	INT_EQ(match("[ip, user, username, timestamp, request, status_code]", apache), 0);
	INT_EQ(match("[ip, user, ..., status_code, bytes]", apache), 1);
	INT_EQ(match("[..., status_code = 200, bytes > 1000]", apache), 1);
	INT_EQ(match("[..., status_code = 4*, bytes]", apache), 0);
	INT_EQ(match("[..., status_code = 4* || status_code = 2*, bytes]", apache), 1);
	INT_EQ(match("[ip = %127\\.0\\.0\\.[1-9]%, ...]", apache), 1);
	INT_EQ(match("[ip, user, username = frank, ...]", apache), 1);
	INT_EQ(match("[ip, user, username, timestamp, request = *gif*, ...]", apache), 1);
	INT_EQ(match("[ip, user, username != frank, ...]", apache), 0);
	/* `$bytes` extracts the field; a constant value is itself. */
	CHECK(value("[..., status_code, bytes]", "$bytes", apache) == 1534);
	CHECK(value("[..., status_code, bytes]", "1", apache) == 1);
	CHECK(value("[..., status_code = 500, bytes]", "$bytes", apache) == -1);
	CHECK(value("[ip, user, ...]", "$user", apache) == -2); /* `-` is not a number */
}

/* Several `...`: backtracking finds the right split, and the cost stays fields x tokens. */
static void test_space_ellipses(void)
{
	/* The first `key` is followed by 1, so the match backtracks to the second. */
	CHECK(value("[..., k = key, v = 2, ...]", "$v", "key 1 key 2 end") == 2);
	CHECK(value("[..., k = key, v, ...]", "$v", "key 1 key 2 end") == 1);
	INT_EQ(match("[..., a, ..., b = z]", "x y z"), 1);
	INT_EQ(match("[..., a, ..., b = z]", "z"), 0);
	INT_EQ(match("[..., a = 1, ..., b = 2, ..., c = 3]", "3 2 1 1 2 3"), 1);
	INT_EQ(match("[..., a = 1, ..., b = 2, ..., c = 3]", "3 2 1 3 2"), 0);
	/* Twelve `...` over 400 fields: seconds per event before fail_from (a fuzzer timeout). */
	mc_buf pat = MC_BUF_INIT, ev = MC_BUF_INIT;
	mc_buf_puts(&pat, "[");
	for (int i = 0; i < 12; i++)
		mc_buf_puts(&pat, "..., ");
	mc_buf_puts(&pat, "x = 1]");
	for (int i = 0; i < 400; i++)
		mc_buf_puts(&ev, "a ");
	INT_EQ(match(pat.p, ev.p), 0);
	mc_buf_puts(&ev, "1");
	INT_EQ(match(pat.p, ev.p), 1);
	mc_buf_release(&pat);
	mc_buf_release(&ev);
}

static void test_values(void)
{
	const char *ok = "{\"kind\":\"access\",\"stream\":false,\"latency_ms\":842,\"route\":\"/x\"}";
	CHECK(value("{ $.kind = \"access\" && $.stream IS FALSE }", "$.latency_ms", ok) == 842);
	CHECK(value("{ $.kind = \"access\" }", "$.route", ok) == -2);
	CHECK(value("{ $.kind = \"access\" }", "$.nothing", ok) == -2);
	CHECK(value("\"access\"", "$.latency_ms", ok) == 842);

	mc_filter_error e;
	mc_filter *json = mc_filter_parse("{ $.a = 1 }", 11, arena, &e);
	mc_filter *space = mc_filter_parse("[a, bytes]", 10, arena, &e);
	const char *why = NULL;
	INT_EQ(mc_filter_value_check(json, "1", &why), 0);
	INT_EQ(mc_filter_value_check(json, "$.a.b[0]", &why), 0);
	INT_EQ(mc_filter_value_check(json, "$bytes", &why), -1);
	INT_EQ(mc_filter_value_check(space, "$bytes", &why), 0);
	INT_EQ(mc_filter_value_check(space, "$size", &why), -1);
	INT_EQ(mc_filter_value_check(space, "one", &why), -1);
	INT_EQ(mc_filter_value_check(json, "$.", &why), -1);
	mc_filter_release(json);
	mc_filter_release(space);
}

static void test_errors(void)
{
	size_t off = 99;
	INT_EQ(error_of("{ $.status >= }", &off), MC_E0360);
	INT_EQ(off, 14);
	INT_EQ(error_of("{ $.status = 5", &off), MC_E0360);
	INT_EQ(off, 14);
	INT_EQ(error_of("{ status = 5 }", &off), MC_E0360);
	INT_EQ(off, 2);
	INT_EQ(error_of("{ $.level > \"error\" }", &off), MC_E0360);
	INT_EQ(off, 12);
	INT_EQ(error_of("{ $.a = 1 } extra", &off), MC_E0360);
	INT_EQ(off, 12);
	INT_EQ(error_of("\"unterminated", &off), MC_E0360);
	INT_EQ(off, 0);
	INT_EQ(error_of("[a, b c]", &off), MC_E0360);
	INT_EQ(off, 6);
	INT_EQ(error_of("[a, a]", &off), MC_E0360);
	INT_EQ(off, 4);
	INT_EQ(error_of("[code = 4* || other = 5*]", &off), MC_E0360);
	INT_EQ(off, 14);
	INT_EQ(error_of("%(a|b)%", &off), MC_E0362);
	INT_EQ(off, 1);
	INT_EQ(error_of("%a b%", &off), MC_E0362);
	INT_EQ(off, 2);
	INT_EQ(error_of("%x!%", &off), MC_E0362);
	INT_EQ(off, 2);
	INT_EQ(error_of("[a = %x%, b = %y%, c = %z%]", &off), MC_E0362);
	INT_EQ(off, 23);
	INT_EQ(error_of("%abc", &off), MC_E0360);
	char big[1100];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	INT_EQ(error_of(big, &off), MC_E0361);
	INT_EQ(off, 1024);
	big[1024] = '\0';
	INT_EQ(error_of(big, &off), 0);

	/* Unquoted punctuation is parsed (and matched as text) but recorded for W0016. */
	mc_filter_error e;
	mc_filter *f = mc_filter_parse("ok [Event Logged]", 17, arena, &e);
	CHECK(f != NULL);
	if (f) {
		INT_EQ(f->nloose, 2);
		INT_EQ(f->loose_terms[0], 3);
		INT_EQ(f->loose_lens[1], 7);
	}
	mc_filter_release(f);
}

int main(void)
{
	arena = mc_arena_new();
	test_terms();
	test_regex();
	test_json();
	test_space();
	test_space_ellipses();
	test_values();
	test_errors();
	mc_arena_free(arena);
	return harness_done();
}
