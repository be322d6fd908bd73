package org.tessera.example.dkim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link DkimSigner}. */
@ObjectClassDefinition(
        id = DkimSigner.PID,
        name = "Tessera example: DKIM signer",
        description = "Signs mail from authenticated senders with the DKIM key of the sender's domain.")
@interface DkimSignerConfiguration {

    @AttributeDefinition(
            name = "Key directory",
            description = "A directory of one directory per signing domain, each holding the domain's keys as"
                    + " SELECTOR.pem (PKCS#8 RSA, \"BEGIN PRIVATE KEY\"; openssl genpkey writes it). The newest"
                    + " file signs, so a key is rotated by adding one. Read for each message: keys come and go"
                    + " without a restart.")
    String keyDirectory();

    @AttributeDefinition(
            name = "Signed header fields",
            description = "The fields the signature covers (h=), those a message lacks included, so that none can be added later.")
    String[] signedFields() default {"From", "Sender", "Reply-To", "Subject", "Date", "Message-ID", "To", "Cc",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "In-Reply-To", "References"};
}
