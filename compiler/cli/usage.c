/*
 * Help texts: one per command and one for moncc itself, printed by `--help`, `-h` and
 * `moncc help [COMMAND]`. docs/cli.md says the same at length; keep the two in step.
 */
#include "cli/cli.h"

#define COMMON_OPTIONS \
	"Common options:\n" \
	"  --format FORMAT    diagnostics as human (default), json, github or sarif\n" \
	"  --color WHEN       colour in human diagnostics: auto (default), always, never\n" \
	"  -q, --quiet        print problems only\n" \
	"  --error-limit N    show at most N errors in human format (default 20, 0 = all)\n" \
	"  -h, --help         show this help\n" \
	"  --version          print the version of moncc\n"

#define EXIT_STATUS \
	"Exit status: 0 success (warnings allowed), 1 the spec has errors, 2 usage error,\n" \
	"3 I/O or internal failure.\n"

static const char top_usage[] =
	"usage: moncc [--version] [--help] COMMAND [OPTIONS] [ARGS]\n"
	"\n"
	"moncc compiles a monitoring spec (YAML) into CloudWatch dashboards, alarms,\n"
	"CloudFormation, Grafana dashboards and runbooks.\n"
	"\n"
	"Commands:\n"
	"  check SPEC...     parse and validate specs; write nothing\n"
	"  build SPEC        write every output of a spec (dashboards, alarms, templates,\n"
	"                    Grafana, runbooks); --check compares instead\n"
	"  inspect SPEC      print the compiled IR of a spec as JSON\n"
	"  logs test SPEC LOGFILE...\n"
	"                    run the spec's log metric filters over sample log lines\n"
	"  schema            print the JSON Schema of the spec\n"
	"  docs [DIR]        write the reference docs of the stdlib kinds and the spec\n"
	"  explain CODE      print the long explanation of a diagnostic code\n"
	"  help [COMMAND]    show help for moncc or for one command\n"
	"\n" COMMON_OPTIONS "\n" EXIT_STATUS
	"Run `moncc help COMMAND` for one command's help.\n";

static const char check_usage[] =
	"usage: moncc check [OPTIONS] SPEC...\n"
	"\n"
	"Parses and validates each SPEC (a YAML file; `-` reads standard input) and writes\n"
	"nothing. Human diagnostics go to standard error, with `SPEC: ok` for each spec without\n"
	"errors (unless -q); json, github and sarif go to standard output as one document for\n"
	"all specs. Every spec is checked even when an earlier one has errors.\n"
	"\n" COMMON_OPTIONS "\n" EXIT_STATUS;

static const char inspect_usage[] =
	"usage: moncc inspect [OPTIONS] SPEC\n"
	"\n"
	"Checks SPEC (a YAML file; `-` reads standard input) like `moncc check` and, when it\n"
	"has no errors, prints its IR (what every output is generated from) as one JSON\n"
	"document on standard output; warnings go to standard error. When the spec has errors,\n"
	"prints the diagnostics as `check` does and no IR. docs/ir.md describes the document.\n"
	"\n" COMMON_OPTIONS "\n" EXIT_STATUS;

static const char schema_usage[] =
	"usage: moncc schema\n"
	"\n"
	"Prints the JSON Schema of the spec (JSON Schema 2020-12) to standard output, byte for\n"
	"byte as this moncc embeds it. Point an editor's YAML language server at it for\n"
	"completion and checks while typing.\n"
	"\n" COMMON_OPTIONS "\n" EXIT_STATUS;

static const char explain_usage[] =
	"usage: moncc explain CODE\n"
	"       moncc explain --list\n"
	"\n"
	"Prints the long explanation of a diagnostic code (E0101, e0101), in Markdown, to\n"
	"standard output.\n"
	"\n"
	"Options:\n"
	"  --list             list every code with its title\n"
	"\n" COMMON_OPTIONS "\n" EXIT_STATUS;

static const char build_usage[] =
	"usage: moncc build [OPTIONS] SPEC\n"
	"\n"
	"Checks SPEC like `moncc check` and, when it has no errors, writes every output:\n"
	"CloudWatch dashboard bodies, alarms.yaml, CloudFormation templates, Grafana\n"
	"dashboards and the runbooks, into DIR (default: the spec's folder, or the spec's\n"
	"`outputs:`). Files are staged first and moved into place only when every one was\n"
	"written, and only when their bytes changed; files an earlier build wrote and this one\n"
	"no longer does are deleted (DIR/.moncc-manifest lists them). Other files in DIR are\n"
	"never touched. A summary with the estimated monthly CloudWatch cost goes to standard\n"
	"error (unless -q). docs/build.md says more.\n"
	"\n"
	"Options:\n"
	"  -o, --output DIR   write into DIR instead\n"
	"  --check            write nothing; exit 1 and name each file that differs from what\n"
	"                     build would write, is missing, or would be deleted\n"
	"  --list             list the emitters and what each writes\n"
	"\n" COMMON_OPTIONS "\n"
	"Exit status: 0 success (warnings allowed), 1 the spec has errors or --check found a\n"
	"difference, 2 usage error, 3 I/O or internal failure.\n";

static const char logs_usage[] =
	"usage: moncc logs test [OPTIONS] SPEC LOGFILE...\n"
	"\n"
	"Checks SPEC like `moncc check` and runs each of its log metric filters (after\n"
	"templates) over the lines of the LOGFILEs, one log event per line, offline. Prints,\n"
	"per filter in id order, the number of matching lines and the sum of the metric values\n"
	"the filter's `value:` extracts. docs/structured-logging.md says more.\n"
	"\n"
	"Options:\n"
	"  -v, --verbose      also list the matching lines (FILE:LINE: text)\n"
	"  --expect FILE      compare the counts with FILE (YAML or JSON, `filter-id: count`);\n"
	"                     exit 1 and name each difference\n"
	"  --format json      print the results as one JSON document\n"
	"\n" COMMON_OPTIONS "\n"
	"Exit status: 0 success, 1 the spec has errors or --expect found a difference, 2 usage\n"
	"error, 3 I/O or internal failure.\n";

static const char docs_usage[] =
	"usage: moncc docs [OPTIONS] [DIR]\n"
	"\n"
	"Writes the generated reference docs into DIR (default `docs`): DIR/stdlib/KIND.md for\n"
	"every stdlib kind (from its template), DIR/stdlib/README.md indexing them, and\n"
	"DIR/spec-reference.md (from the spec's JSON Schema). Like `moncc build`, files are\n"
	"staged and moved into place only when their bytes changed; generated files that are no\n"
	"longer generated are deleted (DIR/.moncc-docs-manifest lists them). No other file in\n"
	"DIR is touched. docs/cli.md says more.\n"
	"\n"
	"Options:\n"
	"  -o, --output DIR   the same as giving DIR\n"
	"  --check            write nothing; exit 1 and name each file that differs from what\n"
	"                     docs would write, is missing, or would be deleted\n"
	"\n" COMMON_OPTIONS "\n"
	"Exit status: 0 success, 1 --check found a difference, 2 usage error, 3 I/O or\n"
	"internal failure.\n";

static const char help_usage[] =
	"usage: moncc help [COMMAND]\n"
	"\n"
	"Shows help for moncc, or for one COMMAND (check, build, inspect, logs, docs, schema,\n"
	"explain, help).\n"
	"Same as `moncc COMMAND --help`.\n"
	"\n" COMMON_OPTIONS "\n" EXIT_STATUS;

const char *mc_cli_usage_text(mc_cli_command cmd)
{
	switch (cmd) {
	case MC_CMD_CHECK:
		return check_usage;
	case MC_CMD_INSPECT:
		return inspect_usage;
	case MC_CMD_SCHEMA:
		return schema_usage;
	case MC_CMD_EXPLAIN:
		return explain_usage;
	case MC_CMD_HELP:
		return help_usage;
	case MC_CMD_BUILD:
		return build_usage;
	case MC_CMD_LOGS:
		return logs_usage;
	case MC_CMD_DOCS:
		return docs_usage;
	case MC_CMD_NONE:
		break;
	}
	return top_usage;
}
