/** @type {import('prettier').Config} */
const config = {
    plugins: [require.resolve("@prettier/plugin-xml")],
    bracketSpacing: false,
    printWidth: 88,
    proseWrap: "always",
    semi: true,
    trailingComma: "es5",
    // Owl drops a text of spaces that holds a line break. With "preserve",
    // prettier split <t t-if="suffix"> <t t-out="suffix"/></t> over lines,
    // and "20 leads" read "20leads"; "strict" keeps every space as it is.
    xmlWhitespaceSensitivity: "strict",
};

module.exports = config;
