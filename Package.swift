// swift-tools-version:6.0
import PackageDescription

// Release executables allocate through tcmalloc (Debian's libgoogle-perftools-dev):
// a build makes millions of short-lived strings, arrays and cmark nodes, and
// glibc's malloc was a sixth of the profile. Debug builds keep glibc's, so
// sanitizers and debuggers see the allocator they expect.
let fastAllocator: [LinkerSetting] = [.linkedLibrary("tcmalloc_minimal", .when(configuration: .release))]

// Linux only: the writer swaps folders with renameat2(RENAME_EXCHANGE), the
// watcher uses inotify, and timings read /proc/self/status. No macOS build
// is claimed or tested.
let package = Package(
    name: "attache",
    products: [
        .executable(name: "attache", targets: ["attache"]),
        .library(name: "AttacheSite", targets: ["AttacheSite"]),
    ],
    dependencies: [
        // Pinned to the versions the tests pass with: `exact` where Attaché
        // relies on a dependency's behaviour, the next minor release otherwise.
        .package(url: "https://github.com/apple/swift-argument-parser", .upToNextMinor(from: "1.8.2")),
        // Exact: diagnostics repeat Yams' messages, and tests assert them.
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        // Exact: the oracle the template engine is compared with (TemplateEngineTests, MustacheParserTests).
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        // `attache serve`: a small HTTP and WebSocket server.
        .package(url: "https://github.com/swhitty/FlyingFox", .upToNextMinor(from: "0.27.1")),
        // Test-only: property-based fuzzing of the parsers and the build.
        .package(url: "https://github.com/x-sheep/swift-property-based", .upToNextMinor(from: "2.0.1")),
    ],
    targets: [
        // The one door to cmark-gfm: Debian's libcmark-gfm-dev and libcmark-gfm-extensions-dev.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Linux system calls Swift's Glibc module does not expose (atomic directory exchange).
        .target(name: "CSystemShims"),
        // Keeps cmark-gfm's extension characters marked, so parses need no lock
        // (see Sources/CCmarkGFMShims/special_characters.c).
        .target(name: "CCmarkGFMShims", linkerSettings: [.linkedLibrary("dl")]),
        // The pipeline's stages, one module each; a module imports only the
        // ones below it, so a wrong dependency does not compile.
        // The byte-level helpers (scanning, escaping, hashing, writing bytes,
        // JSON text): the one module of ours with unsafe pointer code, behind
        // safe APIs (CONTRIBUTING.md lists the few exceptions elsewhere).
        .target(name: "AttacheBytes"),
        // Shared types: entries, taxonomy, identifiers, diagnostics, site URLs,
        // and the small helpers every stage uses (Support/).
        .target(name: "AttacheModel", dependencies: ["AttacheBytes"]),
        // load: site.yml, taxonomy.yml, the content scan, front matter.
        .target(name: "AttacheLoad", dependencies: ["AttacheBytes", "AttacheModel", .product(name: "Yams", package: "Yams")]),
        // parse: the only door to cmark-gfm.
        .target(name: "AttacheMarkdown", dependencies: ["AttacheBytes", "AttacheModel", "CCmarkGFM", "CCmarkGFMShims"]),
        // link: the entry index, link resolution, relations, facets, the graph.
        .target(name: "AttacheGraph", dependencies: ["AttacheBytes", "AttacheModel", "AttacheMarkdown"]),
        // The default theme, generated from Templates/ (`make theme`): a site
        // needs no Templates/ folder. Data only; it imports nothing of ours.
        .target(name: "AttacheTheme"),
        // render: view models, templates, feeds, graph.json, the search index.
        .target(name: "AttacheRender", dependencies: [
            "AttacheBytes", "AttacheModel", "AttacheMarkdown", "AttacheGraph", "AttacheTheme",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // The pipeline that runs the stages, the output writer, incremental updates, `attache new`.
        .target(name: "AttacheSite", dependencies: [
            "AttacheBytes", "AttacheModel", "AttacheLoad", "AttacheMarkdown", "AttacheGraph", "AttacheRender", "AttacheTheme", "CSystemShims",
        ]),
        // The editing loop: watch, rebuild, serve, reload open pages.
        .target(
            name: "AttacheServe",
            dependencies: [
                "AttacheSite", "AttacheModel", "AttacheBytes", "CSystemShims",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]
        ),
        .executableTarget(
            name: "attache",
            dependencies: [
                "AttacheSite",
                "AttacheModel",
                "AttacheServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: fastAllocator
        ),
        // The project's own benchmark: a corpus generator and an in-process timed build.
        .target(name: "AttacheBenchKit", dependencies: ["AttacheSite", "AttacheModel"]),
        .executableTarget(name: "attache-bench", dependencies: ["AttacheBenchKit"], linkerSettings: fastAllocator),
        .testTarget(name: "AttacheTests", dependencies: [
            "AttacheBytes", "AttacheModel", "AttacheLoad", "AttacheMarkdown", "AttacheGraph", "AttacheRender", "AttacheSite",
            "AttacheBenchKit", "AttacheServe", "AttacheTheme",
            .product(name: "PropertyBased", package: "swift-property-based"),
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
    ]
)
