import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * Runs mongo-java-server on HOST:PORT with data in the H2 MVStore file FILE, until SIGTERM.
 * Usage: java -cp ... LocalMongoServer HOST PORT FILE
 */
public final class LocalMongoServer {
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: LocalMongoServer HOST PORT FILE");
      System.exit(2);
    }
    H2Backend backend = new H2Backend(args[2]);
    // 5.0 reports wire version 13: new enough for the Node driver 6.x.
    backend.version(ServerVersion.MONGO_5_0);
    MongoServer server = new MongoServer(backend);
    server.bind(args[0], Integer.parseInt(args[1]));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown(); // closes the backend, which commits and closes the MVStore
      System.err.println("mongo-java-server stopped");
    }));
    System.err.println("mongo-java-server listening on " + args[0] + ":" + args[1] + ", data in " + args[2]);
    Thread.currentThread().join();
  }
}
