// Keeps the classes and tests of the kind asked for (-Dkind=...) and deletes the other kinds'.
import java.nio.file.Files
import java.nio.file.Path

def kinds = [
    'delivery-target' : 'JournalTarget',
    'user-directory'  : 'TableDirectory',
    'password-checker': 'TablePasswordChecker',
    'relay-policy'    : 'NetworkRelayPolicy',
    'connection-rules': 'BlocklistRules',
    'message-filter'  : 'RequiredHeaderFilter',
    'smtp-hook'       : 'ForgeryCheck',
]
def kind = request.properties.get('kind')
if (!kinds.containsKey(kind)) {
    throw new IllegalArgumentException("kind must be one of " + kinds.keySet().join(', ') + "; not: " + kind)
}
Path project = Path.of(request.outputDirectory, request.artifactId)
Path packageDir = Path.of(request.properties.get('package').replace('.', '/'))
for (String tree : ['src/main/java', 'src/test/java']) {
    Path dir = project.resolve(tree).resolve(packageDir)
    Files.list(dir).withCloseable { files ->
        files.toList().each { Path file ->
            String name = file.fileName.toString()
            // JournalTarget.java, JournalTargetConfiguration.java, JournalTargetTest.java, JournalTargetIT.java
            if (!name.startsWith(kinds[kind])) {
                Files.delete(file)
            }
        }
    }
}
