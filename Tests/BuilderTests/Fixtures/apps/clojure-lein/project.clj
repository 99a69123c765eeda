(defproject hello "0.1.0-SNAPSHOT"
  :dependencies [[org.clojure/clojure "1.11.1"]]
  :main hello.core
  :profiles {:uberjar {:aot :all}})
