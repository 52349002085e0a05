/**
 * The analysts' command line, {@code java -jar pipeline-cli.jar}: {@code check}, {@code diff} and
 * {@code report}, with text or JSON output and exit codes for CI pipelines. See {@link
 * dev.salespipeline.cli.PipelineCli} and docs/rules-guide.md.
 */
package dev.salespipeline.cli;
