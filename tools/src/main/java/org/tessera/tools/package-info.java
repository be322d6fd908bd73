/**
 * The command-line tools: plain Java mains run by {@code bin/tessera-tool}, one short-lived JVM per
 * invocation ({@code sendmail} runs once per message a web application sends).
 *
 * <p>On the path of a run the tools use no lambdas, method references or streams, no
 * {@code String.format}, regular expressions or {@code SecureRandom}: each costs a fresh JVM
 * between a tenth of a millisecond and several milliseconds the first time it is used, which is
 * more than the work a tool does with a typical message. Named classes, loops and hand-written
 * parsing take their place (tests may use anything).
 */
package org.tessera.tools;
