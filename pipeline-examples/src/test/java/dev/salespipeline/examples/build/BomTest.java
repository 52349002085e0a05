package dev.salespipeline.examples.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The BOM lists every library module a host can depend on, so a module added to the build cannot be
 * forgotten there. Applications and harnesses (the demo, the CLI, the benchmarks) are not libraries.
 */
class BomTest {

    private static final Path ROOT = Path.of("..");
    private static final Set<String> NOT_LIBRARIES =
            Set.of("pipeline-bom", "pipeline-examples", "pipeline-cli", "pipeline-benchmarks");

    @Test
    void theBomManagesEveryLibraryModuleAtTheBuildsVersion() throws Exception {
        Document parent = parse(ROOT.resolve("pom.xml"));
        String version = childText(parent.getDocumentElement(), "version");
        List<String> libraries = new ArrayList<>();
        NodeList modules = parent.getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            String module = modules.item(i).getTextContent().trim();
            if (!NOT_LIBRARIES.contains(module)) {
                libraries.add(module);
            }
        }

        Document bom = parse(ROOT.resolve("pipeline-bom/pom.xml"));
        assertThat(childText(bom.getDocumentElement(), "version")).isEqualTo(version);
        List<String> managed = new ArrayList<>();
        NodeList dependencies = bom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            assertThat(childText(dependency, "groupId")).isEqualTo("dev.salespipeline");
            assertThat(childText(dependency, "version")).isEqualTo("${project.version}");
            managed.add(childText(dependency, "artifactId"));
        }

        assertThat(libraries).isNotEmpty();
        assertThat(managed).containsExactlyInAnyOrderElementsOf(libraries);
    }

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    private static String childText(Element element, String name) {
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child && child.getTagName().equals(name)) {
                return child.getTextContent().trim();
            }
        }
        throw new AssertionError(element.getTagName() + " has no <" + name + ">");
    }
}
