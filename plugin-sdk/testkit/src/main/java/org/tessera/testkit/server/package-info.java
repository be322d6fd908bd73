/**
 * The whole server for a plugin's integration tests: {@link org.tessera.testkit.server.TesseraServer}, a
 * JUnit 5 extension that runs the built distribution with the plugin deployed, and
 * {@link org.tessera.testkit.server.SmtpClient} to talk to it.
 */
package org.tessera.testkit.server;
