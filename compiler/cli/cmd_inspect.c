/*
 * `moncc inspect SPEC`: runs the check pipeline on one spec and prints its IR as JSON.
 *
 * When the spec is clean, standard output gets the IR document (compiler/ir/ir_json.h) and
 * nothing else; warnings, if any, go to standard error in human form (standard output is the
 * IR's, whatever --format says). When the spec has errors, the diagnostics are reported as
 * `moncc check` reports them (human on standard error, json/github/sarif on standard output)
 * and the exit code is 1; no IR is printed. The IR is always checked with mc_ir_verify (not
 * only in debug builds): a broken invariant is reported as moncc's own failure, exit 3. The
 * golden tests (tests/golden) compare the output byte for byte, so it must depend on nothing
 * but the spec and this moncc.
 */

#include "cli/cli.h"
#include "driver/check.h"
#include "ir/ir_json.h"
#include "ir/ir_verify.h"

int mc_cli_cmd_inspect(mc_cli *cli)
{
	if (cli->nargs != 1) {
		if (cli->nargs == 0)
			mc_cli_usage_error(cli,
			                   "give the path of a spec, or `-` for standard input",
			                   "no SPEC to inspect");
		else
			mc_cli_usage_error(cli, "run `moncc inspect` once per spec",
			                   "`inspect` takes one SPEC, not %zu", cli->nargs);
		return mc_cli_report_usage_error(cli);
	}

	mc_session s;
	mc_session_init(&s);
	int rc = mc_check_paths(&s, cli->args, 1);
	mc_ir *ir = s.nfiles == 1 ? s.files[0].ir : NULL;

	if (rc != 0) {
		mc_cli_render_diags(cli, &s, false);
	} else if (!ir) {
		/* A clean spec always has an IR once lowering is part of the pipeline. */
		rc = mc_cli_report_failure(cli,
		                           "no IR for `%s`: this moncc does not lower specs yet",
		                           cli->args[0]);
	} else {
		mc_ir_to_json(ir, &s.sources, &cli->out);
		if (s.diags.nwarnings) {
			/* Standard output holds the IR, so warnings go to stderr as text. */
			mc_format format = cli->format;
			cli->format = MC_FORMAT_HUMAN;
			mc_cli_render_diags(cli, &s, false);
			cli->format = format;
		}
		/* Lowering verifies only in debug builds; inspect (so every golden test) always
		 * does. A broken invariant is moncc's bug: exit 3, on standard error whatever the
		 * format (standard output holds the IR, shown for debugging). */
		mc_buf report = MC_BUF_INIT;
		int n = mc_ir_verify(ir, &report);
		if (n) {
			mc_buf_printf(&cli->err,
			              "moncc: error: the IR breaks %d invariant%s "
			              "(a bug in moncc)\n%s",
			              n, n == 1 ? "" : "s", mc_buf_str(&report));
			rc = MC_EXIT_FAILURE;
		}
		mc_buf_release(&report);
	}
	mc_session_release(&s);
	return rc;
}
