package com.helpdeskverify.http;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Run in a JVM of its own by {@link HeldCallThreadsTest}: holds {@code args[0]} asynchronous OkHttp
 * calls open against a server that accepts and never answers, on a dispatcher of {@link
 * HeldCallThreads}, and prints how many platform threads the JVM has while they are held.
 */
public final class HeldCallsProbe {
  private HeldCallsProbe() {}

  /** {@code Thread.isVirtual()} (Java 21+), read by reflection: the build is Java 17. */
  private static boolean onVirtualThread() throws ReflectiveOperationException {
    try {
      return (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
    } catch (NoSuchMethodException beforeJava21) {
      return false;
    }
  }

  public static void main(String[] args) throws Exception {
    int calls = Integer.parseInt(args[0]);
    List<Socket> accepted = new ArrayList<>();
    CountDownLatch connected = new CountDownLatch(calls);
    try (ServerSocket server = new ServerSocket(0, calls * 2, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(server.accept());
                    connected.countDown();
                  }
                } catch (IOException closed) {
                  // The server was closed: done.
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      ExecutorService executor = HeldCallThreads.executor("probe");
      boolean virtual = executor.submit(HeldCallsProbe::onVirtualThread).get();
      Dispatcher dispatcher = new Dispatcher(executor);
      dispatcher.setMaxRequests(calls);
      dispatcher.setMaxRequestsPerHost(calls);
      OkHttpClient client =
          new OkHttpClient.Builder()
              .dispatcher(dispatcher)
              .readTimeout(Duration.ofMinutes(2))
              .retryOnConnectionFailure(false)
              .build();
      String url = "http://127.0.0.1:" + server.getLocalPort() + "/auth/v2/auth_status";
      List<Call> held = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        Call call = client.newCall(new Request.Builder().url(url + "?txid=" + i).build());
        call.enqueue(
            new Callback() {
              @Override
              public void onFailure(Call c, IOException e) {}

              @Override
              public void onResponse(Call c, Response r) {
                r.close();
              }
            });
        held.add(call);
      }
      if (!connected.await(60, TimeUnit.SECONDS)) {
        System.out.println("connected=" + (calls - connected.getCount()));
        System.exit(3);
      }
      Thread.sleep(500); // every call is now blocked reading its answer
      int platform = ManagementFactory.getThreadMXBean().getThreadCount();
      System.out.println("held=" + calls + " platformThreads=" + platform + " virtual=" + virtual);
      held.forEach(Call::cancel);
      client.dispatcher().executorService().shutdownNow();
    }
  }
}
