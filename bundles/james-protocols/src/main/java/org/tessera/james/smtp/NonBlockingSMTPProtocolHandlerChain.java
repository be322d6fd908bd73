package org.tessera.james.smtp;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.handler.WiringException;
import org.apache.james.protocols.smtp.SMTPProtocolHandlerChain;
import org.apache.james.protocols.smtp.hook.Hook;

/**
 * James's default SMTP handler chain with the blocking {@code ReceivedDataLineFilter} replaced
 * by a {@link ReceivedHeaderFilter}, the hooks added and the chain wired: the non-blocking
 * counterpart of {@code new SMTPProtocolHandlerChain(metricFactory, hooks)}.
 */
public class NonBlockingSMTPProtocolHandlerChain extends SMTPProtocolHandlerChain {

    /**
     * A chain whose messages get qmail-smtpd's Received line ({@link QmailReceivedHeader}).
     *
     * @param metricFactory passed to James's handlers, e.g. a {@code NoopMetricFactory}
     * @param hooks the hooks to add (e.g. {@code RcptHook}, {@code MessageHook})
     * @throws WiringException if James cannot wire the handlers
     */
    public NonBlockingSMTPProtocolHandlerChain(MetricFactory metricFactory, Hook... hooks) throws WiringException {
        this(metricFactory, new QmailReceivedHeader(), hooks);
    }

    /**
     * A chain whose messages get the given Received header.
     *
     * @param metricFactory passed to James's handlers, e.g. a {@code NoopMetricFactory}
     * @param received the header put in front of each message
     * @param hooks the hooks to add (e.g. {@code RcptHook}, {@code MessageHook})
     * @throws WiringException if James cannot wire the handlers
     */
    public NonBlockingSMTPProtocolHandlerChain(MetricFactory metricFactory, ReceivedHeader received, Hook... hooks)
            throws WiringException {
        super(metricFactory);
        ReceivedHeaderFilter.replaceDefault(this, new ReceivedHeaderFilter(received));
        for (Hook hook : hooks) {
            add(hook);
        }
        wireExtensibleHandlers();
    }
}
