// Render a Markdown post the way a gatsby-starter-hoodie blog does, without Gatsby.
//
// Usage: node render_gatsby.js NODE_MODULES POST.md
// Prints {"frontmatter": ..., "html": ...} as JSON.
//
// The post goes through gatsby-transformer-remark itself (its front-matter parsing in
// onCreateNode, its remark and HTML pipeline in setFieldsOnGraphQLNodeType) with the
// options and remark plugins hoodie's gatsby-config.js gives it. The plugins that need
// Gatsby's image pipeline (gatsby-remark-images, gatsby-remark-static-images) are left
// out: they only touch images, and a digest post has none. Gatsby's own objects (the node
// store, cache, reporter) are replaced by the few lines each that the transformer uses.
"use strict";

const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const [modules, postPath] = process.argv.slice(2);
if (!modules || !postPath) {
  console.error("usage: node render_gatsby.js NODE_MODULES POST.md");
  process.exit(2);
}
const where = (name) => require.resolve(name, { paths: [path.resolve(modules)] });
const load = (name) => require(where(name));

// The sub-plugins as hoodie configures them (icons and Prism language extensions aside),
// in Gatsby's normalised form: an absolute `resolve` and the options as `pluginOptions`.
const subPlugins = [
  [
    "gatsby-remark-autolink-headers",
    {
      className: "heading-anchor",
      maintainCase: true,
      removeAccents: true,
      elements: ["h1", "h2", "h3", "h4", "h5", "h6"],
    },
  ],
  [
    "gatsby-remark-prismjs",
    {
      classPrefix: "language-",
      inlineCodeMarker: null,
      aliases: {},
      showLineNumbers: false,
      noInlineHighlight: false,
      escapeEntities: {},
    },
  ],
  ["gatsby-remark-katex", { strict: "ignore" }],
  [
    "gatsby-remark-footnotes",
    {
      footnoteBackRefPreviousElementDisplay: "inline",
      footnoteBackRefDisplay: "inline",
      footnoteBackRefAnchorStyle: "text-decoration: none;",
      footnoteBackRefInnerTextStartPosition: "rear",
      useFootnoteMarkerText: false,
      useCustomDivider: "",
    },
  ],
].map(([name, options]) => ({
  resolve: where(name),
  name,
  pluginOptions: { ...options, plugins: [] },
}));

const transformerOptions = {
  commonmark: true,
  footnotes: true,
  pedantic: true,
  gfm: true,
  plugins: subPlugins,
};

const digest = (value) =>
  crypto.createHash("md5").update(JSON.stringify(value)).digest("hex");

function memoryCache() {
  const store = new Map();
  return {
    get: async (key) => store.get(key),
    set: async (key, value) => {
      store.set(key, value);
      return value;
    },
  };
}

const reporter = {
  panicOnBuild: (message) => {
    throw new Error(String(message));
  },
  panic: (message) => {
    throw new Error(String(message));
  },
  warn: (message) => console.error(`warn: ${message}`),
  info: () => {},
  error: (message) => console.error(`error: ${message}`),
};

async function main() {
  const absolute = path.resolve(postPath);
  const fileNode = {
    id: `file ${absolute}`,
    absolutePath: absolute,
    internal: { type: "File", mediaType: "text/markdown" },
  };
  const nodes = new Map([[fileNode.id, fileNode]]);
  const { onCreateNode } = load("gatsby-transformer-remark/on-node-create");
  const markdownNode = await onCreateNode(
    {
      node: fileNode,
      loadNodeContent: async () => fs.readFileSync(absolute, "utf8"),
      actions: {
        createNode: (node) => nodes.set(node.id, node),
        createParentChildLink: () => {},
      },
      createNodeId: (seed) => `node ${digest(seed)}`,
      createContentDigest: digest,
      reporter,
    },
    transformerOptions,
  );
  const extend = load("gatsby-transformer-remark/extend-node-type");
  const cache = memoryCache();
  const fields = await extend(
    {
      type: { name: "MarkdownRemark" },
      basePath: "",
      getNode: (id) => nodes.get(id),
      getNodesByType: (type) => [...nodes.values()].filter((n) => n.internal.type === type),
      cache,
      getCache: () => memoryCache(),
      reporter,
    },
    transformerOptions,
  );
  const html = await fields.html.resolve(markdownNode);
  process.stdout.write(JSON.stringify({ frontmatter: markdownNode.frontmatter, html }));
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
