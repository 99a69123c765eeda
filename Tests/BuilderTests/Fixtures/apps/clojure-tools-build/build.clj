(ns build (:require [clojure.tools.build.api :as b]))
(defn uber [_] nil)
