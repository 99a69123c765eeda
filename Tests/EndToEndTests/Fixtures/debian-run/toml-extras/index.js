console.log("unused");
