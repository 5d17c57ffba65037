package io.profilesync.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;

import com.robothy.netty.http.HttpRequest;
import com.robothy.netty.http.HttpRequestHandler;
import com.robothy.netty.http.HttpResponse;
import com.robothy.netty.codec.HttpMessageHandler;
import com.robothy.netty.router.ExceptionHandler;
import com.robothy.netty.router.Route;
import com.robothy.netty.router.Router;
import com.robothy.s3.core.asserionts.BucketAssertions;
import com.robothy.s3.core.model.answers.GetObjectAns;
import com.robothy.s3.core.model.internal.BucketMetadata;
import com.robothy.s3.core.model.internal.LocalS3Metadata;
import com.robothy.s3.core.model.internal.ObjectMetadata;
import com.robothy.s3.core.model.request.GetObjectOptions;
import com.robothy.s3.core.model.request.Range;
import com.robothy.s3.core.service.BucketService;
import com.robothy.s3.core.service.GetObjectService;
import com.robothy.s3.core.service.InMemoryBucketService;
import com.robothy.s3.core.service.InMemoryObjectService;
import com.robothy.s3.core.service.ObjectService;
import com.robothy.s3.core.service.locks.BucketLock;
import com.robothy.s3.core.service.manager.LocalS3ServicesInvocationHandler;
import com.robothy.s3.core.storage.FileSystemBucketMetadataStore;
import com.robothy.s3.core.storage.MetadataStore;
import com.robothy.s3.core.storage.Storage;
import com.robothy.s3.rest.LocalS3;
import com.robothy.s3.rest.assertions.RequestAssertions;
import com.robothy.s3.rest.bootstrap.LocalS3Mode;
import com.robothy.s3.rest.handler.LocalS3RouterFactory;
import com.robothy.s3.rest.service.ServiceFactory;
import com.robothy.s3.rest.utils.ResponseUtils;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * LocalS3 (its services, routes, controllers and storage on disk, its Netty pipeline) with two of its costs taken
 * out, which made a file of a gigabyte or more impractical:
 * <ul>
 * <li>LocalS3 gathers a request's body in a composite buffer of at most 16 pieces: every 16 network reads (8 KB
 * or less each) it copies everything received so far into one new buffer, so a PutObject or UploadPart takes time
 * quadratic in its size (measured: 16 MiB 1.9 s, 32 MiB 2.7 s, 64 MiB 6.4 s; a 1.7 GB file, by extrapolation,
 * about an hour), and a body cannot exceed 2 GiB. Here each read is copied once, into a composite buffer without
 * that limit. The body is still held in memory (as LocalS3 does): large files go up as S3 multipart uploads
 * ({@link LocalPipeline#upload}), as AWS's own tools upload them.
 * <li>LocalS3's GetObject reads the object (or the range asked for) into a heap buffer that grows 4 MiB at a time,
 * copying what it holds at each step, and only then answers: a GET of a 1.7 GB object took two minutes and 3.3 GB
 * of heap; a 256 MiB range 3 to 4.5 s. Here a GetObject of an object in an unversioned bucket answers with the
 * stored file itself, mapped into memory: streamed from the page cache, whatever its size, as S3 streams it. The
 * headers are LocalS3's (its controller's, built from the same answer of its object service); versioned buckets
 * and {@code versionId} requests go to LocalS3's controller.
 * <li>LocalS3 writes a bucket's whole metadata (every object's: about 110 bytes of JSON an object) to disk after each
 * change to the bucket, under the bucket's lock: time quadratic in the number of objects, which a 10M-row chunked
 * split makes 33,000 of (a 3.5 MB file rewritten for every batch stored, and every store waiting for it). Here a
 * changed bucket's metadata is written at most once a second, and when the server stops.
 * </ul>
 */
public final class StreamingLocalS3 implements AutoCloseable {

    /** LocalS3's GetObject controller (not public). */
    private static final String GET_OBJECT = "com.robothy.s3.rest.handler.GetObjectController";

    private final Path dataPath;
    private final NioEventLoopGroup parentGroup = new NioEventLoopGroup(1);
    private final NioEventLoopGroup childGroup = new NioEventLoopGroup(2);
    private final DefaultEventLoopGroup executorGroup = new DefaultEventLoopGroup(4);
    private final Channel channel;
    private final DeferredBucketMetadata bucketMetadata;

    private StreamingLocalS3(int port, Path dataPath) {
        this.dataPath = dataPath;
        LocalS3 settings = LocalS3.builder().port(port).mode(LocalS3Mode.PERSISTENCE).dataPath(dataPath.toString()).build();
        ServiceFactory services = services(settings);
        bucketMetadata = new DeferredBucketMetadata(FileSystemBucketMetadataStore.create(dataPath));
        ObjectService localS3Objects = services.getInstance(ObjectService.class);
        LocalS3Metadata metadata = localS3Objects.localS3Metadata();
        Storage storage = localS3Objects.storage();
        // LocalS3's services over its metadata and storage, as its FileSystemLocalS3Manager makes them, with the
        // deferred metadata store in place of its own
        Function<String, BucketMetadata> bucket = name -> metadata.getBucketMetadata(name).orElseThrow();
        ObjectService objects = locked(ObjectService.class, InMemoryObjectService.create(metadata, storage), bucket);
        BucketService buckets = locked(BucketService.class, InMemoryBucketService.create(metadata), bucket);
        services.register(ObjectService.class, () -> objects);
        services.register(BucketService.class, () -> buckets);
        Router router = new StreamingGets(LocalS3RouterFactory.create(services), services.getInstance(ObjectService.class));
        try {
            channel = new ServerBootstrap().group(parentGroup, childGroup).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            // LocalS3's pipeline (HttpServerInitializer), with its request decoder replaced
                            ChannelPipeline pipeline = channel.pipeline();
                            pipeline.addLast("http-request-decoder", new HttpRequestDecoder());
                            pipeline.addLast("http-response-encoder", new HttpResponseEncoder());
                            pipeline.addLast(executorGroup, "router-http-request-decoder", new WholeRequests());
                            pipeline.addLast(executorGroup, "router-http-response-encoder",
                                    new com.robothy.netty.codec.HttpResponseEncoder());
                            pipeline.addLast(executorGroup, "router-http-message-handler", new HttpMessageHandler(router));
                        }
                    }).bind(port).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting the local S3 server", e);
        }
    }

    /** Starts the server on a port, with its buckets kept in {@code dataPath} (LocalS3's persistence mode). */
    public static StreamingLocalS3 start(int port, Path dataPath) {
        return new StreamingLocalS3(port, dataPath);
    }

    private <T> T locked(Class<T> type, T service, Function<String, BucketMetadata> bucket) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new LocalS3ServicesInvocationHandler<>(service, bucket, bucketMetadata)));
    }

    /** LocalS3's services as its {@code start()} makes them (from the builder's settings); it has no public way to. */
    private static ServiceFactory services(LocalS3 settings) {
        try {
            Method create = LocalS3.class.getDeclaredMethod("createServiceFactory");
            create.setAccessible(true);
            return (ServiceFactory) create.invoke(settings);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("LocalS3 " + LocalS3.class.getPackage().getImplementationVersion()
                    + " does not make its services as 2.4 does", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("LocalS3 could not start on " + settings.getDataPath(), e.getCause());
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        parentGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        childGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        executorGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (bucketMetadata != null) {
            bucketMetadata.close();
        }
    }

    /**
     * LocalS3's bucket metadata files, each written at most once a second after a change (under the bucket's lock,
     * as LocalS3 writes it), and on {@link #close}.
     */
    private static final class DeferredBucketMetadata implements MetadataStore<BucketMetadata> {

        private final MetadataStore<BucketMetadata> files;
        private final Map<String, BucketMetadata> changed = new ConcurrentHashMap<>();
        private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "local-s3-bucket-metadata");
            thread.setDaemon(true);
            return thread;
        });

        DeferredBucketMetadata(MetadataStore<BucketMetadata> files) {
            this.files = files;
            writer.scheduleWithFixedDelay(this::write, 1, 1, TimeUnit.SECONDS);
        }

        @Override
        public BucketMetadata fetch(String bucket) {
            BucketMetadata pending = changed.get(bucket);
            return pending != null ? pending : files.fetch(bucket);
        }

        @Override
        public String store(String bucket, BucketMetadata metadata) {
            changed.put(bucket, metadata);
            return bucket;
        }

        @Override
        public synchronized void delete(String bucket) {
            changed.remove(bucket);
            files.delete(bucket);
        }

        @Override
        public List<BucketMetadata> fetchAll() {
            write();
            return files.fetchAll();
        }

        private synchronized void write() {
            for (String bucket : List.copyOf(changed.keySet())) {
                BucketMetadata metadata = changed.remove(bucket);
                if (metadata != null) {
                    Lock lock = BucketLock.getInstance().writeLock(bucket);
                    lock.lock();
                    try {
                        files.store(bucket, metadata);
                    } finally {
                        lock.unlock();
                    }
                }
            }
        }

        void close() {
            writer.shutdown();
            try {
                writer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            write();
        }
    }

    /**
     * What LocalS3's own request decoder ({@code com.robothy.netty.codec.HttpRequestDecoder}) does, with the body
     * copied once, piece by piece, rather than gathered at a cost quadratic in its size.
     */
    private static final class WholeRequests extends MessageToMessageDecoder<HttpObject> {

        private HttpRequest.HttpRequestBuilder request;
        private CompositeByteBuf body;

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        protected void decode(ChannelHandlerContext context, HttpObject message, List<Object> out) {
            if (message instanceof io.netty.handler.codec.http.HttpRequest start) {
                Map<CharSequence, String> headers = new HashMap<>();
                start.headers().forEach(header -> headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue()));
                body = Unpooled.compositeBuffer(Integer.MAX_VALUE);
                QueryStringDecoder uri = new QueryStringDecoder(start.uri());
                request = HttpRequest.builder().method(start.method()).uri(start.uri()).httpVersion(start.protocolVersion())
                        .headers(headers).body(body).path(uri.path()).params((Map) new HashMap<>(uri.parameters()));
                if (HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(start.headers().get(HttpHeaderNames.EXPECT))) {
                    context.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                }
            } else if (message instanceof HttpContent content) {
                if (content.content().isReadable()) {
                    body.addComponent(true, Unpooled.copiedBuffer(content.content()));
                }
                if (message instanceof LastHttpContent) {
                    out.add(request.build());
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }

    /** LocalS3's routes, with its GetObject controller answered by {@link #streamingGet} where it can. */
    private final class StreamingGets implements Router {

        private final Router routes;
        private final ObjectService objects;

        StreamingGets(Router routes, ObjectService objects) {
            this.routes = routes;
            this.objects = objects;
        }

        @Override
        public HttpRequestHandler match(HttpRequest request) {
            HttpRequestHandler handler = routes.match(request);
            return handler != null && GET_OBJECT.equals(handler.getClass().getName()) ? (in, out) -> streamingGet(handler, in, out)
                    : handler;
        }

        private void streamingGet(HttpRequestHandler localS3, HttpRequest request, HttpResponse response) throws Exception {
            String bucket = RequestAssertions.assertBucketNameProvided(request);
            String key = RequestAssertions.assertObjectKeyProvided(request);
            BucketMetadata bucketMetadata = BucketAssertions.assertBucketExists(objects.localS3Metadata(), bucket);
            Optional<Path> file = bucketMetadata.getVersioningEnabled() != null || request.parameter("versionId").isPresent()
                    ? Optional.empty()
                    : bucketMetadata.getObjectMetadata(key).map(ObjectMetadata::getLatest)
                            .map(latest -> dataPath.resolve(".storage").resolve(Long.toString(latest.getFileId())))
                            .filter(Files::isRegularFile);
            if (file.isEmpty()) {
                localS3.handle(request, response);
                return;
            }
            GetObjectOptions options = GetObjectOptions.builder()
                    .range(request.header(HttpHeaderNames.RANGE.toString()).map(Range::parse).orElse(null)).build();
            // what LocalS3's object service answers for the object, without its content (as for a HEAD)
            GetObjectAns answer = GetObjectService.getObjectFromUnVersionedBucket(bucketMetadata, objects.storage(), bucket, key,
                    true, options);
            long length = answer.getSize();
            long objectSize = bucketMetadata.getObjectMetadata(key).orElseThrow().getLatest().getSize();
            long start = options.getRange().map(range -> range.resolve(objectSize)[0]).orElse(0L);
            ResponseUtils.addCommonHeaders(response);
            ResponseUtils.addETag(response, answer.getEtag());
            if (answer.getContentRange() != null) {
                response.status(HttpResponseStatus.PARTIAL_CONTENT);
                response.putHeader(HttpHeaderNames.CONTENT_RANGE.toString(), answer.getContentRange());
            } else {
                response.status(HttpResponseStatus.OK);
            }
            response.write(mapped(file.get(), start, length));
            response.putHeader(HttpHeaderNames.CONTENT_TYPE.toString(), answer.getContentType());
            response.putHeader(HttpHeaderNames.CONTENT_LENGTH.toString(), length);
            response.putHeader("Accept-Ranges", "bytes");
            if (answer.getTaggingCount() != 0) {
                response.putHeader("x-amz-tagging-count", answer.getTaggingCount());
            }
            answer.getUserMetadata().forEach((name, value) -> response.putHeader("x-amz-meta-" + name, value));
            response.putHeader("x-amz-version-id", answer.getVersionId());
            ResponseUtils.addDateHeader(response);
            ResponseUtils.addAmzRequestId(response);
            ResponseUtils.addServerHeader(response);
            Optional.ofNullable(answer.getContent()).ifPresent(StreamingLocalS3::closeQuietly);
        }

        @Override
        public Router route(Route route) {
            routes.route(route);
            return this;
        }

        @Override
        public Router notFound(HttpRequestHandler handler) {
            routes.notFound(handler);
            return this;
        }

        @Override
        public Router staticResource(String path) {
            routes.staticResource(path);
            return this;
        }

        @Override
        public <T extends Throwable> Router exceptionHandler(Class<T> type, ExceptionHandler<T> handler) {
            routes.exceptionHandler(type, handler);
            return this;
        }

        @Override
        public ExceptionHandler<Throwable> findExceptionHandler(Class<? extends Throwable> type) {
            return routes.findExceptionHandler(type);
        }
    }

    /** Bytes {@code start} to {@code start + length} of a file, mapped (read-only) rather than read. */
    private static ByteBuf mapped(Path file, long start, long length) throws IOException {
        if (length == 0) {
            return Unpooled.EMPTY_BUFFER;
        }
        try (FileChannel channel = FileChannel.open(file)) {
            List<ByteBuffer> pieces = new ArrayList<>();
            for (long offset = 0; offset < length; offset += Integer.MAX_VALUE) {
                pieces.add(channel.map(FileChannel.MapMode.READ_ONLY, start + offset, Math.min(Integer.MAX_VALUE, length - offset)));
            }
            return Unpooled.wrappedBuffer(pieces.toArray(ByteBuffer[]::new));
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
