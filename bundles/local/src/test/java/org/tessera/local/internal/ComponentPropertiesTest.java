package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The service properties the api's component property types ({@code @Ranking}, {@code @QueueChannel})
 * give this bundle's components, read from the component descriptions the build wrote: a chain orders
 * only by an {@code Integer} ranking, and the queue finds its channel only by its exact name.
 */
class ComponentPropertiesTest {

    @Test
    void theUserDirectoriesRankAsIntegersInQmailsOrder() throws Exception {
        assertEquals("Integer 300", properties(AssignDirectory.class).get("service.ranking"));
        assertEquals("Integer 200", properties(PasswdDirectory.class).get("service.ranking"));
        assertEquals("Integer -1000", properties(AliasDirectory.class).get("service.ranking"));
        assertEquals("Integer " + RecipientCheck.RANKING, properties(RecipientCheck.class).get("service.ranking"));
    }

    @Test
    void theLocalChannelIsRegisteredForTheLocalChannel() throws Exception {
        assertEquals("String LOCAL", properties(LocalChannel.class).get("tessera.queue.channel"));
    }

    /** Each property of the component's description as "TYPE VALUE". */
    private static Map<String, String> properties(Class<?> component) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        try (InputStream xml = component.getClassLoader().getResourceAsStream("OSGI-INF/" + component.getName() + ".xml")) {
            NodeList elements = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml)
                    .getElementsByTagName("property");
            for (int i = 0; i < elements.getLength(); i++) {
                Element property = (Element) elements.item(i);
                String type = property.getAttribute("type").isEmpty() ? "String" : property.getAttribute("type");
                properties.put(property.getAttribute("name"), type + " " + property.getAttribute("value"));
            }
        }
        return properties;
    }
}
