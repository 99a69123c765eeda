console.log(`hello from node ${process.versions.node.split(".")[0]}`);
